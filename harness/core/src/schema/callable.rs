//! The actions and functions of a CSDL: each one's name, binding and parameters. The first pass
//! over the document keeps only where each element is; they are read, all at once, the first time
//! they are asked for (coverage asks; the schema checks never do).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::types::TypeRef;

/// An `Action` (called with POST) or a `Function` (called with GET).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callable {
    /// Its name, unqualified: `assignLicense`.
    pub name: String,
    /// The namespace of the schema that declares it: `microsoft.graph`.
    pub namespace: String,
    /// A `Function` (else an `Action`).
    pub function: bool,
    /// The type of its binding parameter (`IsBound="true"`: the first parameter), qualified.
    pub binding: Option<TypeRef>,
    /// Its other parameters, in order.
    pub parameters: Vec<Parameter>,
    /// The type it returns (`ReturnType`), qualified; none for an action that returns nothing.
    pub returns: Option<TypeRef>,
}

/// A parameter of an action or function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// Its name.
    pub name: String,
    /// Its type, qualified.
    pub ty: TypeRef,
}

/// The places of the actions and functions in the text, and what they read as once asked for.
#[derive(Debug, Clone, Default)]
pub(super) struct Callables {
    text: Arc<String>,
    places: Vec<(Arc<str>, Range<usize>)>,
    read: OnceLock<Vec<Callable>>,
}

impl Callables {
    /// None yet, over `text`, the whole document.
    pub(super) fn over(text: Arc<String>) -> Callables {
        Callables {
            text,
            ..Callables::default()
        }
    }

    /// Keeps the element at `range` of the text, declared in `namespace`.
    pub(super) fn insert(&mut self, namespace: Arc<str>, range: Range<usize>) {
        self.places.push((namespace, range));
    }

    /// Every one, read on first call (an element that cannot be read is left out: the first pass
    /// checked that it is well-formed, only a missing `Name` leaves one out).
    pub(super) fn get(&self, aliases: &HashMap<String, String>) -> &[Callable] {
        self.read.get_or_init(|| {
            let read = |(namespace, range): &(Arc<str>, Range<usize>)| {
                let text = self.text.get(range.clone())?;
                super::csdl::read_callable(text, namespace, aliases)
            };
            self.places.iter().filter_map(read).collect()
        })
    }
}

/// Two are equal when they are read from the same places of the same text.
impl PartialEq for Callables {
    fn eq(&self, other: &Callables) -> bool {
        self.places == other.places && self.text == other.text
    }
}

impl Eq for Callables {}
