//! Reading a CSDL document ($metadata, OData 4) into a [`Model`], streaming on quick-xml.
//!
//! Reads namespaces and aliases, `EntityType`, `ComplexType` and `EnumType` with their
//! properties (navigation ones with their `ContainsTarget`), actions and functions with their
//! binding and parameters (on first use, `Model::callables`), and the `EntityContainer`'s entity sets and
//! singletons, straight from the reader's events over the text. Everything else (annotations,
//! terms) is skipped with the reader's own skip, never built. A
//! broken document is an error naming its line.
//!
//! The first pass checks that the whole document is well-formed and reads the tags of schemas,
//! types, sets, singletons and operations, but builds only the aliases, operations, sets and
//! singletons: a type keeps its element's place in the text, and its properties or members are
//! read from that slice when the type is first looked up (`read_type`, through the model). One
//! that cannot be read then is left out, its problem kept with the type.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::errors::IllFormedError;
use quick_xml::events::{BytesStart, Event};

use super::callable::Callables;
use super::lazy::Pending;
use super::types::{Enumeration, Model, Property, Structured, TypeDef, TypeRef};

/// Why a CSDL document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CsdlError {
    /// The file or URL as given.
    pub file: String,
    /// 1-based line of the problem.
    pub line: u32,
    /// What is wrong, lowercase.
    pub message: String,
}

/// Reads the CSDL text of `file` (the name errors show). The model keeps the text, to read each
/// type from on first use: given a `String`, it keeps it without a copy.
pub fn read(file: &str, text: impl Into<String>) -> Result<Model, CsdlError> {
    let text = Arc::new(text.into());
    let mut csdl = Csdl {
        file,
        text: &text,
        reader: Reader::from_str(&text),
        model: Model::default(),
        built: None,
        broken: None,
    };
    // About one type per kilobyte of a Graph CSDL: room for them all from the start.
    csdl.model.pending = Pending::with_capacity(file, Arc::clone(&text), text.len() / 1024);
    csdl.model.callables = Callables::over(Arc::clone(&text));
    csdl.document()?;
    csdl.model.qualify_names();
    Ok(csdl.model)
}

pub(super) use callable::read_callable;

impl<'a> Csdl<'a> {
    /// A reader over one element's text (a slice the first pass checked), and that element.
    fn element_of(text: &'a str) -> Option<(Csdl<'a>, Element<'a>)> {
        let mut csdl = Csdl {
            file: "",
            text,
            reader: Reader::from_str(text),
            model: Model::default(),
            built: Some(None),
            broken: None,
        };
        match csdl.next() {
            Ok(Next::Element(element)) => Some((csdl, element)),
            _ => None,
        }
    }
}

/// Reads the one type whose element is `text` (a slice the first pass checked) in `namespace`,
/// its names qualified with `aliases`: the type with every property or member that could be
/// read, and the first problem with the others (its line counted in `text`).
pub(super) fn read_type(
    text: &str,
    namespace: &Arc<str>,
    aliases: &HashMap<String, String>,
) -> Option<(TypeDef, Option<CsdlError>)> {
    let (mut csdl, element) = Csdl::element_of(text)?;
    let read = match element.tag.local_name().as_ref() {
        b"EnumType" => csdl.enumeration(element, namespace),
        _ => csdl.structured(element, namespace),
    };
    let mut ty = read.ok().and(csdl.built.flatten())?;
    ty.qualify_names(aliases);
    Some((ty, csdl.broken))
}

/// An element's start tag, where its `<` is, and whether content and an end tag follow.
struct Element<'a> {
    tag: BytesStart<'a>,
    at: usize,
    open: bool,
}

impl Element<'_> {
    /// Whether its local name (without a namespace prefix) is `name`.
    fn is(&self, name: &str) -> bool {
        self.tag.local_name().as_ref() == name.as_bytes()
    }

    fn name(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(self.tag.local_name().into_inner())
    }
}

/// What comes next in the document, past text, comments and declarations.
enum Next<'a> {
    Element(Element<'a>),
    End,
    Eof,
}

/// The reader over one document and the model it builds. Type names are kept as written
/// until the end, when every alias is known (a schema may use one declared after it).
///
/// The first pass over a document checks every element but keeps a type's place, not its
/// properties ([`Pending`]); reading one type later ([`read_type`]) builds it into `built`.
struct Csdl<'a> {
    file: &'a str,
    text: &'a str,
    reader: Reader<&'a [u8]>,
    model: Model,
    /// Reading one type: the type once read. `None` in the first pass.
    built: Option<Option<TypeDef>>,
    /// Reading one type: the first property or member that could not be read.
    broken: Option<CsdlError>,
}

impl<'a> Csdl<'a> {
    /// Reads every `Schema` (under `Edmx` and `DataServices`, or the root itself).
    fn document(&mut self) -> Result<(), CsdlError> {
        let (mut open, mut root, mut schemas) = (Vec::new(), None, 0usize);
        loop {
            match self.next()? {
                Next::Element(element) => {
                    if open.is_empty() && root.replace(element.at).is_some() {
                        let message = "not well-formed XML: more than one root element";
                        return Err(self.error(element.at, message));
                    }
                    if element.is("Schema") {
                        schemas += 1;
                        self.schema(element)?;
                    } else if element.open {
                        open.push(element);
                    }
                }
                Next::End => {
                    open.pop();
                }
                Next::Eof => break,
            }
        }
        if let Some(unclosed) = open.last() {
            return Err(self.unclosed(unclosed));
        }
        match (root, schemas) {
            (None, _) => Err(self.error(self.text.len(), "not well-formed XML: no root element")),
            (Some(at), 0) => Err(self.error(
                at,
                "no `Schema` element: is this a CSDL ($metadata) document?",
            )),
            _ => Ok(()),
        }
    }

    fn next(&mut self) -> Result<Next<'a>, CsdlError> {
        loop {
            let at = self.position();
            let event = self.reader.read_event().map_err(|e| self.malformed(&e))?;
            return Ok(match event {
                Event::Start(tag) => Next::Element(Element {
                    tag,
                    at,
                    open: true,
                }),
                Event::Empty(tag) => Next::Element(Element {
                    tag,
                    at,
                    open: false,
                }),
                Event::End(_) => Next::End,
                Event::Eof => Next::Eof,
                Event::DocType(_) => {
                    return Err(self.error(at, "not well-formed XML: a DTD is not allowed"));
                }
                _ => continue,
            });
        }
    }

    /// Calls `each` on every child element of `parent` up to its end tag; `each` reads or
    /// [skips](Self::skip) the content of the child it is given.
    fn children(
        &mut self,
        parent: &Element,
        mut each: impl FnMut(&mut Self, Element<'a>) -> Result<(), CsdlError>,
    ) -> Result<(), CsdlError> {
        if !parent.open {
            return Ok(());
        }
        loop {
            match self.next()? {
                Next::Element(child) => each(self, child)?,
                Next::End => return Ok(()),
                Next::Eof => return Err(self.unclosed(parent)),
            }
        }
    }

    /// Passes over the content of `element` and its end tag, unread.
    fn skip(&mut self, element: &Element) -> Result<(), CsdlError> {
        if element.open {
            let read = self.reader.read_to_end(element.tag.name());
            read.map_err(|e| match e {
                quick_xml::Error::IllFormed(IllFormedError::MissingEndTag(_)) => {
                    self.unclosed(element)
                }
                e => self.malformed(&e),
            })?;
        }
        Ok(())
    }

    fn schema(&mut self, schema: Element<'a>) -> Result<(), CsdlError> {
        let [namespace, alias] = self.attributes(&schema, ["Namespace", "Alias"])?;
        let namespace: Arc<str> = Arc::from(self.required(&schema, namespace, "Namespace")?);
        if let Some(alias) = alias {
            (self.model.aliases).insert(alias.into_owned(), namespace.to_string());
        }
        self.children(&schema, |csdl, child| {
            let local = child.tag.local_name();
            match local.as_ref() {
                b"EntityType" | b"ComplexType" => csdl.structured(child, &namespace),
                b"EnumType" => csdl.enumeration(child, &namespace),
                b"EntityContainer" => csdl.container(child),
                b"Action" | b"Function" => {
                    let [name] = csdl.attributes(&child, ["Name"])?;
                    let name = csdl.required(&child, name, "Name")?.into_owned();
                    csdl.model.operations.insert(name.to_ascii_lowercase());
                    let at = child.at;
                    csdl.skip(&child)?;
                    let range = at..csdl.position();
                    (csdl.model.callables).insert(Arc::clone(&namespace), range);
                    Ok(())
                }
                _ => csdl.skip(&child),
            }
        })
    }

    fn structured(&mut self, node: Element<'a>, namespace: &Arc<str>) -> Result<(), CsdlError> {
        let names = ["Name", "BaseType", "Abstract", "OpenType", "HasStream"];
        let [name, base, is_abstract, open, has_stream] = self.attributes(&node, names)?;
        let name = self.required(&node, name, "Name")?;
        let name = format!("{namespace}.{name}");
        if self.built.is_none() {
            self.skip(&node)?;
            if let Some(base) = &base {
                (self.model.pending).derived(&name, base);
            }
            return self.pending(name, false, namespace, node.at);
        }
        let mut properties = Vec::new();
        self.members(&node, |csdl, child| {
            let navigation = match child.tag.local_name().as_ref() {
                b"Property" => false,
                b"NavigationProperty" => true,
                _ => return Ok(()),
            };
            let names = ["Name", "Type", "Nullable", "ContainsTarget"];
            let [name, of, nullable, contains] = csdl.attributes(child, names)?;
            let of = csdl.required(child, of, "Type")?;
            let name = csdl.required(child, name, "Name")?;
            properties.push(Property {
                name: name.into_owned(),
                ty: TypeRef::parse(&of),
                nullable: !nullable.is_some_and(|v| v.eq_ignore_ascii_case("false")),
                navigation,
                contained: navigation && is_true(contains),
            });
            Ok(())
        })?;
        let ty = Structured {
            name,
            entity: node.is("EntityType"),
            base: base.map(Cow::into_owned),
            is_abstract: is_true(is_abstract),
            open: is_true(open),
            has_stream: is_true(has_stream),
            properties,
            ..Structured::default()
        };
        self.built = Some(Some(TypeDef::Structured(ty)));
        Ok(())
    }

    fn enumeration(&mut self, node: Element<'a>, namespace: &Arc<str>) -> Result<(), CsdlError> {
        let [name, flags] = self.attributes(&node, ["Name", "IsFlags"])?;
        let name = format!("{namespace}.{}", self.required(&node, name, "Name")?);
        if self.built.is_none() {
            self.skip(&node)?;
            return self.pending(name, true, namespace, node.at);
        }
        let mut members = Vec::new();
        self.members(&node, |csdl, child| {
            if child.is("Member") {
                let [name] = csdl.attributes(child, ["Name"])?;
                members.push(csdl.required(child, name, "Name")?.into_owned());
            }
            Ok(())
        })?;
        let ty = Enumeration {
            name,
            flags: is_true(flags),
            members,
            problem: None,
        };
        self.built = Some(Some(TypeDef::Enum(ty)));
        Ok(())
    }

    /// Reading one type: calls `read` on each child element of `node` and passes over its
    /// content. A child `read` cannot take is left out and its problem kept (the first one):
    /// the rest of the type is still read.
    fn members(
        &mut self,
        node: &Element<'a>,
        mut read: impl FnMut(&mut Self, &Element<'a>) -> Result<(), CsdlError>,
    ) -> Result<(), CsdlError> {
        self.children(node, |csdl, child| {
            if let Err(problem) = read(csdl, &child) {
                csdl.broken.get_or_insert(problem);
            }
            csdl.skip(&child)
        })
    }

    /// Keeps the type `name` (an `EnumType` when `enumeration`), whose element starts at byte
    /// `at` and has just been passed over, to be read on first use.
    fn pending(
        &mut self,
        name: String,
        enumeration: bool,
        namespace: &Arc<str>,
        at: usize,
    ) -> Result<(), CsdlError> {
        let range = at..self.position();
        (self.model.pending).insert(name, enumeration, Arc::clone(namespace), range);
        Ok(())
    }

    fn container(&mut self, node: Element<'a>) -> Result<(), CsdlError> {
        self.children(&node, |csdl, child| {
            let singleton = match child.tag.local_name().as_ref() {
                b"EntitySet" => false,
                b"Singleton" => true,
                _ => return csdl.skip(&child),
            };
            let table = if singleton { "Type" } else { "EntityType" };
            let [name, ty] = csdl.attributes(&child, ["Name", table])?;
            let name = csdl.required(&child, name, "Name")?.into_owned();
            let ty = csdl.required(&child, ty, table)?.into_owned();
            let model = &mut csdl.model;
            match singleton {
                true => model.singletons.insert(name, ty),
                false => model.entity_sets.insert(name, ty),
            };
            csdl.skip(&child)
        })
    }
}

fn is_true(value: Option<Cow<str>>) -> bool {
    value.is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

mod callable;
mod tag;
#[cfg(test)]
mod tests;
