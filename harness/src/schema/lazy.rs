//! The types of a CSDL read on first use: the first pass over the document checks every element
//! and keeps, per type, where its element is; its properties or members are read from that slice
//! of the text only when the type is looked up.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::types::{Structured, TypeDef};

/// Types not read yet, by qualified name, over the text they are read from.
#[derive(Debug, Clone, Default)]
pub(super) struct Pending {
    text: Arc<String>,
    /// Looked up for every property of every body checked: a hash quicker than std's for these
    /// short keys, all of them names the CSDL the user chose declares.
    types: fnv::FnvHashMap<String, Slot>,
}

/// One type: its schema's namespace, its element's bytes, and the type once read.
#[derive(Debug, Clone)]
struct Slot {
    /// An `EnumType` (else an entity or complex type).
    enumeration: bool,
    namespace: Arc<str>,
    range: Range<usize>,
    built: OnceLock<TypeDef>,
}

impl Pending {
    /// Types over `text` (the whole document).
    pub(super) fn new(text: Arc<String>) -> Pending {
        Pending {
            text,
            types: fnv::FnvHashMap::default(),
        }
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
            super::csdl::read_type(text, &slot.namespace, aliases).unwrap_or_else(|| {
                // Unreachable: the first pass checked every element of this slice.
                TypeDef::Structured(Structured {
                    name: name.to_owned(),
                    ..Structured::default()
                })
            })
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

/// Two sets of pending types are equal when they are read from the same text and places (what
/// was read already does not matter).
impl PartialEq for Pending {
    fn eq(&self, other: &Pending) -> bool {
        let same = |(name, slot): (&String, &Slot)| {
            (other.types.get(name)).is_some_and(|o| {
                o.range == slot.range
                    && o.namespace == slot.namespace
                    && o.enumeration == slot.enumeration
            })
        };
        self.text == other.text
            && self.types.len() == other.types.len()
            && self.types.iter().all(same)
    }
}

impl Eq for Pending {}
