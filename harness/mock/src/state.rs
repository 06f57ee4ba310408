//! The mock that remembers (DESIGN §9, `serve --stateful`): what a POST to a documented
//! collection creates is kept, so a later GET of its id returns it, PATCH merges into it, DELETE
//! removes it (a GET after is a 404 with a Graph-style error), and a GET of the collection lists it.
//!
//! Only entities created here are remembered: a request for a documented id the mock never
//! created is answered as documented, as without `--stateful`. What is kept has a budget
//! (`--max-state`, `budget`): past it the oldest entities are evicted, and a GET of one is a 404
//! saying so. Pure but for the lock: the server hands in the request and the documented answer,
//! and sends what comes back.

mod budget;

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::{Map, Value, json};

use super::routes::Request;
use exemplar_core::compare::generated::is_guid;

/// What a request to the stateful mock comes to: an answer of its own, or the documented one
/// (possibly with created entities in it).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Stateful {
    /// Answered from the store: status and JSON body (`None`: no body).
    Answer(u16, Option<Value>),
    /// Answer as documented, with this body in place of the documented one.
    Documented(Option<Value>),
    /// Not the store's business: answer as without `--stateful`.
    Pass,
}

/// The entities created so far, within a budget of bytes.
#[derive(Debug)]
pub(super) struct State {
    store: Mutex<Store>,
    budget: u64,
}

impl Default for State {
    fn default() -> State {
        State::with_budget(crate::Limits::default().max_state)
    }
}

/// The entities by collection path (lower case, no trailing `/`), and what they cost.
#[derive(Debug, Default)]
struct Store {
    collections: HashMap<String, Collection>,
    /// Each entity and tombstone, oldest first, and the bytes they take (`budget`).
    kept: budget::Kept,
}

/// The entities of one collection, in the order they were created, and the ids deleted or
/// evicted (tombstones, themselves forgotten past the budget).
#[derive(Debug, Default)]
struct Collection {
    items: Vec<Entity>,
    gone: HashMap<String, Gone>,
}

/// Why an id created here is no longer kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gone {
    Deleted,
    Evicted,
}

/// A created entity: its properties, and which of them an answer shows (the documented
/// answer's keys and those set since; write-only ones such as a password are kept, not shown).
#[derive(Debug)]
struct Entity {
    id: String,
    value: Map<String, Value>,
    shown: BTreeSet<String>,
    /// The bytes it takes, about (`budget::cost`).
    cost: u64,
}

impl Entity {
    /// The entity as answered: over `base` (the documented answer of the route, if an object),
    /// each property `base` or the shown keys name.
    fn answer(&self, base: Option<&Value>) -> Value {
        let mut out = match base {
            Some(Value::Object(base)) => base.clone(),
            _ => Map::new(),
        };
        for (key, value) in &self.value {
            if self.shown.contains(key) || out.contains_key(key) {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Object(out)
    }

    /// Merges the JSON object of `request` (a PATCH or PUT body) into the entity, and answers
    /// as `documented` does: with the entity when it shows an object, else without a body.
    fn update(&mut self, request: &[u8], documented: Option<(u16, Option<&Value>)>) -> Stateful {
        if let Ok(Value::Object(changes)) = serde_json::from_slice(request) {
            for (key, value) in changes {
                self.shown.insert(key.clone());
                self.value.insert(key, value);
            }
        }
        match documented {
            Some((status, body @ Some(Value::Object(_)))) => {
                Stateful::Answer(status, Some(self.answer(body)))
            }
            Some((status, _)) => Stateful::Answer(status, None),
            None => Stateful::Answer(204, None),
        }
    }
}

impl State {
    /// A store that keeps at most `budget` bytes of entities (about), evicting the oldest.
    pub(super) fn with_budget(budget: u64) -> State {
        State {
            store: Mutex::default(),
            budget,
        }
    }

    /// How many entities were evicted since last asked.
    pub(super) fn take_evicted(&self) -> u64 {
        std::mem::take(&mut self.lock().kept.evicted)
    }

    /// What the store makes of `request`, whose documented answer (if a route matched) is
    /// `documented` with status `status`. `fresh` is the body the mock would answer a 201 with.
    pub(super) fn handle(
        &self,
        request: &Request,
        documented: Option<(u16, Option<&Value>)>,
        fresh: Option<Value>,
    ) -> Stateful {
        let path = collection_path(request.url.path());
        let method = request.method.as_str();
        if method == "POST" {
            return match (documented, fresh) {
                (Some((201, _)), Some(answer)) => self.create(&path, request, answer),
                _ => Stateful::Pass,
            };
        }
        let body = documented.and_then(|(_, body)| body);
        if method == "GET" && self.has_created_in(&path) {
            return self.list(&path, body);
        }
        let Some((parent, id)) = path.rsplit_once('/') else {
            return Stateful::Pass;
        };
        let mut store = self.lock();
        let Some(collection) = store.collections.get_mut(parent) else {
            return Stateful::Pass;
        };
        if let Some(gone) = collection.gone.get(id) {
            let path = request.url.path();
            return Stateful::Answer(404, Some(not_found(path, *gone, self.budget)));
        }
        let Some(at) = collection.items.iter().position(|e| e.id == id) else {
            return Stateful::Pass;
        };
        let (id, before) = (id.to_owned(), collection.items[at].cost);
        let answer = match method {
            "GET" => {
                let status = documented.map_or(200, |(status, _)| status);
                return Stateful::Answer(status, Some(collection.items[at].answer(body)));
            }
            "PATCH" | "PUT" => collection.items[at].update(&request.body, documented),
            "DELETE" => {
                collection.items.remove(at);
                collection.gone.insert(id.clone(), Gone::Deleted);
                store.kept.deleted(parent, &id, before);
                return Stateful::Answer(documented.map_or(204, |(status, _)| status), None);
            }
            _ => return Stateful::Pass,
        };
        let entity = &mut collection.items[at];
        entity.cost = budget::cost(parent, &entity.id, &entity.value, &entity.shown);
        let after = entity.cost;
        store.kept.resized(before, after);
        store.evict(self.budget);
        answer
    }

    /// Keeps what a POST created: the documented answer (`answer`, fresh values in it) overlaid
    /// with the request's properties, under the answer's fresh id. An answer without a GUID id
    /// is not an entity (an action's result): answered as documented, with its fresh values.
    fn create(&self, path: &str, request: &Request, answer: Value) -> Stateful {
        let Value::Object(mut value) = answer.clone() else {
            return Stateful::Documented(Some(answer));
        };
        let Some(id) = value
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| is_guid(id))
        else {
            return Stateful::Documented(Some(answer));
        };
        let id = id.to_ascii_lowercase();
        let shown = value.keys().cloned().collect();
        if let Ok(Value::Object(sent)) = serde_json::from_slice(&request.body) {
            for (key, sent) in sent {
                if key != "id" {
                    value.insert(key, sent);
                }
            }
        }
        value
            .entry("createdDateTime")
            .or_insert_with(|| Value::String(super::fresh::now_rfc3339()));
        let cost = budget::cost(path, &id, &value, &shown);
        let mut store = self.lock();
        let collection = store.collections.entry(path.to_owned()).or_default();
        collection.items.push(Entity {
            id: id.clone(),
            value,
            shown,
            cost,
        });
        store.kept.created(path, id, cost);
        store.evict(self.budget);
        Stateful::Documented(Some(answer))
    }

    /// The documented list of `path` with the entities created in it added to its `value`.
    fn list(&self, path: &str, documented: Option<&Value>) -> Stateful {
        let Some(Value::Object(list)) = documented else {
            return Stateful::Pass;
        };
        let mut list = list.clone();
        let Some(Value::Array(items)) = list.get_mut("value") else {
            return Stateful::Pass;
        };
        let store = self.lock();
        let created = store
            .collections
            .get(path)
            .map_or(&[][..], |c| &c.items[..]);
        let template = items.first().cloned();
        items.extend(created.iter().map(|e| e.answer(template.as_ref())));
        Stateful::Documented(Some(Value::Object(list)))
    }

    fn has_created_in(&self, path: &str) -> bool {
        self.lock()
            .collections
            .get(path)
            .is_some_and(|c| !c.items.is_empty())
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock leaves whole entries: the map is still usable.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A request path as a collection key: lower case, no trailing `/`; ids are kept as asked.
fn collection_path(path: &str) -> String {
    let path = path.trim_end_matches('/');
    match path.rsplit_once('/') {
        Some((parent, last)) if is_guid(last) => {
            format!("{}/{}", parent.to_lowercase(), last.to_ascii_lowercase())
        }
        _ => path.to_lowercase(),
    }
}

/// The Graph-style answer for an entity that was deleted, or evicted past `budget` bytes.
fn not_found(path: &str, gone: Gone, budget: u64) -> Value {
    let message = match gone {
        Gone::Deleted => format!(
            "Resource '{path}' does not exist or one of its queried reference-property objects are not present."
        ),
        Gone::Evicted => format!(
            "Resource '{path}' was evicted: the stateful mock keeps at most {budget} bytes of created resources (serve --max-state) and drops the oldest past it."
        ),
    };
    json!({"error": {"code": "Request_ResourceNotFound", "message": message}})
}

#[cfg(test)]
mod tests;
