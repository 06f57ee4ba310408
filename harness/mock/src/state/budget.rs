//! The stateful store's budget (`--max-state`): what each entity costs (the memory its JSON
//! takes, about), and which go first past it: the oldest created. An evicted entity leaves a
//! tombstone, so a GET of it says it was evicted; tombstones cost a little and go the same way.

use std::collections::{BTreeSet, VecDeque};

use serde_json::{Map, Value};

use super::{Gone, Store};

/// What a tombstone costs: an id remembered as deleted or evicted.
const TOMBSTONE: u64 = 96;

/// Bookkeeping around a value or an entry: the pointers and lengths beside the bytes.
const OVERHEAD: u64 = 32;

/// Each entity and tombstone kept, oldest first, and the bytes they take.
#[derive(Debug, Default)]
pub(super) struct Kept {
    /// (collection path, id), in the order created (evicted entities' tombstones at the back).
    order: VecDeque<(String, String)>,
    used: u64,
    /// Entities evicted since the server last asked.
    pub(super) evicted: u64,
}

impl Kept {
    /// Counts a new entity of `path`.
    pub(super) fn created(&mut self, path: &str, id: String, cost: u64) {
        self.order.push_back((path.to_owned(), id));
        self.used = self.used.saturating_add(cost);
    }

    /// An entity of `cost` became a tombstone (it keeps its place in the order).
    pub(super) fn deleted(&mut self, cost: u64) {
        self.used = self.used.saturating_sub(cost).saturating_add(TOMBSTONE);
    }

    /// An entity's cost changed (a PATCH).
    pub(super) fn resized(&mut self, before: u64, after: u64) {
        self.used = self.used.saturating_sub(before).saturating_add(after);
    }

    /// The bytes kept, about.
    #[cfg(test)]
    pub(super) fn used(&self) -> u64 {
        self.used
    }
}

impl Store {
    /// Evicts the oldest entities (and then tombstones) until what is kept fits in `budget`.
    pub(super) fn evict(&mut self, budget: u64) {
        while self.kept.used > budget {
            let Some((path, id)) = self.kept.order.pop_front() else {
                self.kept.used = 0;
                return;
            };
            let Some(collection) = self.collections.get_mut(&path) else {
                continue;
            };
            if let Some(at) = collection.items.iter().position(|e| e.id == id) {
                let entity = collection.items.remove(at);
                collection.gone.insert(id.clone(), Gone::Evicted);
                self.kept.deleted(entity.cost);
                self.kept.order.push_back((path, id));
                self.kept.evicted += 1;
            } else if collection.gone.remove(&id).is_some() {
                self.kept.used = self.kept.used.saturating_sub(TOMBSTONE);
                if collection.items.is_empty() && collection.gone.is_empty() {
                    self.collections.remove(&path);
                }
            }
        }
    }
}

/// What an entity of collection `path` costs: its JSON's memory, about, with its keys.
pub(super) fn cost(
    path: &str,
    id: &str,
    value: &Map<String, Value>,
    shown: &BTreeSet<String>,
) -> u64 {
    let keys: u64 = shown.iter().map(|k| len(k) + OVERHEAD).sum();
    let value: u64 = value.iter().map(|(k, v)| len(k) + weight(v)).sum();
    len(path) + len(id) + keys + value + 4 * OVERHEAD
}

/// The memory a JSON value takes, about.
fn weight(value: &Value) -> u64 {
    OVERHEAD
        + match value {
            Value::Null | Value::Bool(_) | Value::Number(_) => 0,
            Value::String(s) => len(s),
            Value::Array(items) => items.iter().map(weight).sum(),
            Value::Object(map) => map.iter().map(|(k, v)| len(k) + OVERHEAD + weight(v)).sum(),
        }
}

fn len(text: &str) -> u64 {
    u64::try_from(text.len()).unwrap_or(u64::MAX)
}
