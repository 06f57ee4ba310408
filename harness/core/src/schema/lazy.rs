//! The types of a CSDL read on first use. The first pass over the document checks that it is
//! well-formed XML and reads each type's own tag, and keeps where its element is; its properties
//! or members are read from that slice of the text only when the type is looked up. A property or
//! member that cannot be read then (no `Type`, a broken attribute) is left out, and the problem,
//! placed on its line of the document, is kept with the type: the checks report it wherever the
//! type is used ([`TypeDef::problem`]).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::CsdlError;
use super::types::{Structured, TypeDef};

/// Types not read yet, by qualified name, over the text they are read from.
#[derive(Debug, Clone, Default)]
pub(super) struct Pending {
    /// The file or URL, as its problems name it.
    file: Arc<str>,
    text: Arc<String>,
    /// Looked up for every property of every body checked: a hash quicker than std's for these
    /// short keys, all of them names the CSDL the user chose declares.
    types: fnv::FnvHashMap<String, Slot>,
    /// Each structured type that has a `BaseType`, with that base as the CSDL writes it
    /// (maybe through an alias).
    bases: Vec<(String, String)>,
}

/// One type: its schema's namespace, its element's bytes, and the type once read.
#[derive(Debug, Clone)]
struct Slot {
    /// An `EnumType` (else an entity or complex type).
    enumeration: bool,
    namespace: Arc<str>,
    range: Range<usize>,
    /// The type once read (with the first problem of the properties or members left out).
    built: OnceLock<TypeDef>,
}

impl Pending {
    /// Types over `text`, the whole document `file`, with room for `types` of them.
    pub(super) fn with_capacity(file: &str, text: Arc<String>, types: usize) -> Pending {
        Pending {
            file: Arc::from(file),
            text,
            types: fnv::FnvHashMap::with_capacity_and_hasher(types, Default::default()),
            bases: Vec::new(),
        }
    }

    /// Notes that the type `name` (qualified) derives from `base` (as the CSDL writes it).
    pub(super) fn derived(&mut self, name: &str, base: &str) {
        self.bases.push((name.to_owned(), base.to_owned()));
    }

    /// Each type that names a base, with that base as written.
    pub(super) fn bases(&self) -> impl Iterator<Item = (&str, &str)> {
        self.bases
            .iter()
            .map(|(name, base)| (name.as_str(), base.as_str()))
    }

    /// Keeps the type `name` of `namespace`, whose element is `range` of the text (an
    /// `EnumType` when `enumeration`).
    pub(super) fn insert(
        &mut self,
        name: String,
        enumeration: bool,
        namespace: Arc<str>,
        range: Range<usize>,
    ) {
        let slot = Slot {
            enumeration,
            namespace,
            range,
            built: OnceLock::new(),
        };
        self.types.insert(name, slot);
    }

    /// The type `name` (qualified), read on first use; `aliases` qualify the names it uses.
    pub(super) fn get(&self, name: &str, aliases: &HashMap<String, String>) -> Option<&TypeDef> {
        let slot = self.types.get(name)?;
        Some(slot.built.get_or_init(|| {
            let text = self.text.get(slot.range.clone()).unwrap_or_default();
            let Some((mut ty, problem)) = super::csdl::read_type(text, &slot.namespace, aliases)
            else {
                // Unreachable: the first pass read this element's tag.
                return TypeDef::Structured(Structured {
                    name: name.to_owned(),
                    ..Structured::default()
                });
            };
            // Its line in the slice, made its line in the document.
            let before = self.text.get(..slot.range.start).unwrap_or_default();
            let problem = problem.map(|p| CsdlError {
                file: self.file.to_string(),
                line: p.line.saturating_add(count_lines(before)),
                message: p.message,
            });
            match &mut ty {
                TypeDef::Structured(s) => s.problem = problem,
                TypeDef::Enum(e) => e.problem = problem,
            }
            ty
        }))
    }

    /// Whether `name` is one of these types.
    pub(super) fn contains(&self, name: &str) -> bool {
        self.types.contains_key(name)
    }

    /// Whether `name` is one of these types and an enum type, told without reading it.
    pub(super) fn is_enum(&self, name: &str) -> bool {
        self.types.get(name).is_some_and(|slot| slot.enumeration)
    }

    /// Whether there are none.
    pub(super) fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// How many types there are.
    pub(super) fn len(&self) -> usize {
        self.types.len()
    }
}

/// Two sets of pending types are equal when they are read from the same file, text and places
/// (what was read already does not matter).
impl PartialEq for Pending {
    fn eq(&self, other: &Pending) -> bool {
        let same = |(name, slot): (&String, &Slot)| {
            (other.types.get(name)).is_some_and(|o| {
                o.range == slot.range
                    && o.namespace == slot.namespace
                    && o.enumeration == slot.enumeration
            })
        };
        self.file == other.file
            && self.text == other.text
            && self.types.len() == other.types.len()
            && self.types.iter().all(same)
    }
}

impl Eq for Pending {}

/// The line ends in `text`.
fn count_lines(text: &str) -> u32 {
    u32::try_from(memchr::memchr_iter(b'\n', text.as_bytes()).count()).unwrap_or(u32::MAX)
}
