//! The service's types as data: structured (entity, complex) and enum types, their properties,
//! and the entity sets and singletons a `@odata.context` or a URL starts from.
//!
//! Names are kept qualified with the namespace (`microsoft.graph.user`); an alias
//! (`graph.user`) is turned into its namespace when a name is looked up.

use std::collections::{HashMap, HashSet};

use super::lazy::Pending;

/// A reference to a type: its qualified name and whether it is a `Collection(…)` of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeRef {
    /// The qualified name: `Edm.String`, `microsoft.graph.user`.
    pub name: String,
    /// `Collection(name)`.
    pub collection: bool,
}

impl TypeRef {
    /// A single value of `name`.
    pub fn single(name: &str) -> TypeRef {
        TypeRef {
            name: name.to_owned(),
            collection: false,
        }
    }

    /// Reads `Collection(x)` or `x`.
    pub fn parse(text: &str) -> TypeRef {
        let text = text.trim();
        match text
            .strip_prefix("Collection(")
            .and_then(|t| t.strip_suffix(')'))
        {
            Some(inner) => TypeRef {
                name: inner.trim().to_owned(),
                collection: true,
            },
            None => TypeRef::single(text),
        }
    }

    /// The item type of a collection, or the type itself.
    pub fn item(&self) -> TypeRef {
        TypeRef::single(&self.name)
    }
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.collection {
            write!(f, "Collection({})", self.name)
        } else {
            f.write_str(&self.name)
        }
    }
}

/// A property or navigation property of a structured type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// Its name, as declared.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// `Nullable` (true unless declared `false`).
    pub nullable: bool,
    /// A `NavigationProperty` rather than a `Property`.
    pub navigation: bool,
    /// A navigation property with `ContainsTarget="true"`: its entities live under it.
    pub contained: bool,
}

/// An `EntityType` or a `ComplexType`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Structured {
    /// The qualified name.
    pub name: String,
    /// An entity type (rather than a complex type).
    pub entity: bool,
    /// The qualified name of the `BaseType`.
    pub base: Option<String>,
    /// `Abstract="true"`.
    pub is_abstract: bool,
    /// `OpenType="true"`: properties beyond those declared are allowed.
    pub open: bool,
    /// `HasStream="true"`.
    pub has_stream: bool,
    /// The properties declared on this type (not those inherited).
    pub properties: Vec<Property>,
    /// Names of properties that may be left out (from a `resource` block's annotation).
    pub optional: Vec<String>,
    /// Documented by a `resource` block, whose example shows every property that is not optional.
    pub documented: bool,
    /// Why some properties could not be read from the CSDL (the type holds the others).
    pub problem: Option<super::CsdlError>,
    /// Where the `resource` block that documents it is (`file:line`), for findings to name.
    pub origin: Option<String>,
}

/// An `EnumType`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Enumeration {
    /// The qualified name.
    pub name: String,
    /// `IsFlags="true"`: a value is a comma-separated list of members.
    pub flags: bool,
    /// Member names.
    pub members: Vec<String>,
    /// Why some members could not be read from the CSDL (the type holds the others).
    pub problem: Option<super::CsdlError>,
}

/// A type of the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeDef {
    /// An entity or complex type.
    Structured(Structured),
    /// An enum type.
    Enum(Enumeration),
}

/// The types of one API version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Model {
    /// Every type by qualified name.
    pub types: HashMap<String, TypeDef>,
    /// Alias → namespace (`graph` → `microsoft.graph`).
    pub aliases: HashMap<String, String>,
    /// Entity set → the qualified name of its entity type.
    pub entity_sets: HashMap<String, String>,
    /// Singleton → the qualified name of its entity type.
    pub singletons: HashMap<String, String>,
    /// The names of the actions and functions in lower case (`sendmail`, `delta`): a URL
    /// segment that names one, in any case, is an operation, never a key.
    pub operations: HashSet<String>,
    /// The types of a CSDL, read from its text on first use.
    pub(super) pending: Pending,
    /// The actions and functions of a CSDL, read from its text on first use.
    pub(super) callables: super::callable::Callables,
}

impl Model {
    /// `name` with a leading `#` removed and an alias turned into its namespace.
    pub fn qualify(&self, name: &str) -> String {
        let name = name.trim().trim_start_matches('#');
        if let Some((namespace, local)) = name.rsplit_once('.') {
            if let Some(full) = self.aliases.get(namespace) {
                return format!("{full}.{local}");
            }
        }
        name.to_owned()
    }

    /// Qualifies every type name the model refers to (base types, property types, the types of
    /// entity sets and singletons) as [`Self::qualify`] does: done once every alias is known.
    pub(super) fn qualify_names(&mut self) {
        let aliases = &self.aliases;
        for ty in self.types.values_mut() {
            ty.qualify_names(aliases);
        }
        let sets = self.entity_sets.values_mut();
        for ty in sets.chain(self.singletons.values_mut()) {
            qualify(aliases, ty);
        }
    }

    /// The actions and functions the CSDL declares, in document order, read on first call.
    pub fn callables(&self) -> &[super::callable::Callable] {
        self.callables.get(&self.aliases)
    }

    /// The type named `name` (qualified, aliased, or `#`-prefixed).
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        let found =
            |name: &str| (self.types.get(name)).or_else(|| self.pending.get(name, &self.aliases));
        found(name).or_else(|| found(&self.qualify(name)))
    }

    /// Why some properties or members of the type `name` could not be read from the CSDL (the
    /// type holds the others); none for a type read whole, or not from a CSDL.
    pub fn problem(&self, name: &str) -> Option<&super::CsdlError> {
        self.get(name)?.problem()
    }

    /// Whether `name` is an enum type; a CSDL's is told without reading the type.
    pub fn is_enum(&self, name: &str) -> bool {
        let found = |name: &str| match self.types.get(name) {
            Some(ty) => matches!(ty, TypeDef::Enum(_)),
            None => self.pending.is_enum(name),
        };
        found(name) || found(&self.qualify(name))
    }

    /// The structured type named `name`.
    pub fn structured(&self, name: &str) -> Option<&Structured> {
        match self.get(name)? {
            TypeDef::Structured(s) => Some(s),
            TypeDef::Enum(_) => None,
        }
    }

    /// `ty` and its base types, nearest first (a cycle is cut).
    pub fn chain<'a>(&'a self, ty: &'a Structured) -> impl Iterator<Item = &'a Structured> + 'a {
        let mut next = Some(ty);
        let mut seen = 0;
        std::iter::from_fn(move || {
            let here = next?;
            seen += 1;
            next = match (&here.base, seen < 64) {
                (Some(base), true) => self.structured(base),
                _ => None,
            };
            Some(here)
        })
    }

    /// The property `name` of `ty`, declared on it or inherited.
    pub fn property<'a>(&'a self, ty: &'a Structured, name: &str) -> Option<&'a Property> {
        self.chain(ty)
            .find_map(|t| t.properties.iter().find(|p| p.name == name))
    }

    /// Whether `ty` or a base of it is open.
    pub fn is_open(&self, ty: &Structured) -> bool {
        self.chain(ty).any(|t| t.open)
    }

    /// Whether the type named `derived` is `base` or derives from it.
    pub fn derives(&self, derived: &str, base: &str) -> bool {
        let base = self.qualify(base);
        if self.qualify(derived) == base {
            return true;
        }
        match self.structured(derived) {
            Some(ty) => self.chain(ty).any(|t| t.name == base),
            None => self.qualify(derived) == base,
        }
    }

    /// Whether a type derived from `ty` (qualified), at any depth, declares the property `name`:
    /// a body of `ty` without `@odata.type` may be one of those, which the docs cannot tell.
    pub fn derived_declares(&self, ty: &str, name: &str) -> bool {
        let learnt = self.types.values().filter_map(|t| match t {
            TypeDef::Structured(s) => Some((s.name.as_str(), s.base.as_deref()?)),
            TypeDef::Enum(_) => None,
        });
        let bases: Vec<(&str, &str)> = learnt.chain(self.pending.bases()).collect();
        let (mut seen, mut todo) = (HashSet::new(), vec![self.qualify(ty)]);
        while let Some(base) = todo.pop() {
            for (derived, _) in bases.iter().filter(|(_, b)| self.qualify(b) == base) {
                if !seen.insert(*derived) {
                    continue;
                }
                let declares = self
                    .structured(derived)
                    .is_some_and(|t| t.properties.iter().any(|p| p.name == name));
                if declares {
                    return true;
                }
                todo.push((*derived).to_owned());
            }
        }
        false
    }

    /// How many structured and enum types there are.
    pub fn len(&self) -> usize {
        let pending = self.pending.len();
        let both = (self.types.keys()).filter(|n| self.pending.contains(n));
        self.types.len() + pending - both.count()
    }

    /// Whether the model has no types.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.pending.is_empty()
    }
}

impl TypeDef {
    /// Why some of its properties or members could not be read from the CSDL.
    pub fn problem(&self) -> Option<&super::CsdlError> {
        match self {
            TypeDef::Structured(s) => s.problem.as_ref(),
            TypeDef::Enum(e) => e.problem.as_ref(),
        }
    }

    /// Qualifies the names of its base type and its properties' types.
    pub(super) fn qualify_names(&mut self, aliases: &HashMap<String, String>) {
        if let TypeDef::Structured(ty) = self {
            if let Some(base) = &mut ty.base {
                qualify(aliases, base);
            }
            for property in &mut ty.properties {
                qualify(aliases, &mut property.ty.name);
            }
        }
    }
}

/// [`Model::qualify`] in place, allocating only when the name changes.
pub(super) fn qualify(aliases: &HashMap<String, String>, name: &mut String) {
    let bare = name.trim().trim_start_matches('#');
    if bare.len() != name.len() {
        *name = bare.to_owned();
    }
    let full = (name.rsplit_once('.'))
        .and_then(|(namespace, _)| Some((aliases.get(namespace)?, namespace.len())));
    if let Some((full, alias)) = full {
        name.replace_range(..alias, full);
    }
}
