//! The stateful store's budget (`--max-state`): what each entity costs (the memory its JSON
//! takes, about), and which go first past it: the oldest created. A deleted or evicted entity
//! leaves a tombstone, so a later GET says which; tombstones cost a little, may take at most a
//! quarter of the budget, and past it the oldest are forgotten.

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
    /// (collection path, id) of the entities kept, in the order created.
    order: VecDeque<(String, String)>,
    /// (collection path, id) of the tombstones, in the order made; at most a quarter of the
    /// budget, the oldest forgotten first (a GET of it is then answered as documented).
    tombstones: VecDeque<(String, String)>,
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

    /// The entity `id` of `path`, of `cost`, was deleted: it becomes a tombstone.
    pub(super) fn deleted(&mut self, path: &str, id: &str, cost: u64) {
        if let Some(at) = self.order.iter().position(|(p, i)| p == path && i == id) {
            self.order.remove(at);
        }
        self.used = self.used.saturating_sub(cost);
        self.buried(path.to_owned(), id.to_owned());
    }

    /// An entity's cost changed (a PATCH).
    pub(super) fn resized(&mut self, before: u64, after: u64) {
        self.used = self.used.saturating_sub(before).saturating_add(after);
    }

    fn buried(&mut self, path: String, id: String) {
        self.tombstones.push_back((path, id));
        self.used = self.used.saturating_add(TOMBSTONE);
    }

    /// The bytes kept, about.
    #[cfg(test)]
    pub(super) fn used(&self) -> u64 {
        self.used
    }
}

impl Store {
    /// Evicts the oldest entities until what is kept fits in `budget`, and forgets the oldest
    /// tombstones past a quarter of it.
    pub(super) fn evict(&mut self, budget: u64) {
        loop {
            while TOMBSTONE * self.kept.tombstones.len() as u64 > budget / 4 {
                let Some((path, id)) = self.kept.tombstones.pop_front() else {
                    break;
                };
                self.kept.used = self.kept.used.saturating_sub(TOMBSTONE);
                if let Some(collection) = self.collections.get_mut(&path) {
                    collection.gone.remove(&id);
                    if collection.items.is_empty() && collection.gone.is_empty() {
                        self.collections.remove(&path);
                    }
                }
            }
            if self.kept.used <= budget {
                return;
            }
            let Some((path, id)) = self.kept.order.pop_front() else {
                return;
            };
            let Some(collection) = self.collections.get_mut(&path) else {
                continue;
            };
            if let Some(at) = collection.items.iter().position(|e| e.id == id) {
                let entity = collection.items.remove(at);
                collection.gone.insert(id.clone(), Gone::Evicted);
                self.kept.used = self.kept.used.saturating_sub(entity.cost);
                self.kept.buried(path, id);
                self.kept.evicted += 1;
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
