//! The mock that remembers (DESIGN §9, `serve --stateful`): what a POST to a documented
//! collection creates is kept, so a later GET of its id returns it, PATCH merges into it, DELETE
//! removes it (a GET after is a 404 with a Graph-style error), and a GET of the collection lists it.
//!
//! Only entities created here are remembered: a request for a documented id the mock never
//! created is answered as documented, as without `--stateful`. Pure but for the lock: the
//! server hands in the request and the documented answer, and sends what comes back.

use std::collections::{BTreeSet, HashMap, HashSet};
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

/// The entities created so far, by collection path (lower case, no trailing `/`).
#[derive(Debug, Default)]
pub(super) struct State {
    collections: Mutex<HashMap<String, Collection>>,
}

/// The entities of one collection, in the order they were created, and the ids deleted.
#[derive(Debug, Default)]
struct Collection {
    items: Vec<Entity>,
    gone: HashSet<String>,
}

/// A created entity: its properties, and which of them an answer shows (the documented
/// answer's keys and those set since; write-only ones such as a password are kept, not shown).
#[derive(Debug)]
struct Entity {
    id: String,
    value: Map<String, Value>,
    shown: BTreeSet<String>,
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
        let mut collections = self.lock();
        let Some(collection) = collections.get_mut(parent) else {
            return Stateful::Pass;
        };
        let id = id.to_owned();
        if collection.gone.contains(&id) {
            return Stateful::Answer(404, Some(not_found(request.url.path())));
        }
        let Some(at) = collection.items.iter().position(|e| e.id == id) else {
            return Stateful::Pass;
        };
        match method {
            "GET" => Stateful::Answer(
                documented.map_or(200, |(status, _)| status),
                Some(collection.items[at].answer(body)),
            ),
            "PATCH" | "PUT" => collection.items[at].update(&request.body, documented),
            "DELETE" => {
                collection.items.remove(at);
                collection.gone.insert(id);
                Stateful::Answer(documented.map_or(204, |(status, _)| status), None)
            }
            _ => Stateful::Pass,
        }
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
            .or_insert_with(|| Value::String(super::server::now_rfc3339()));
        let mut collections = self.lock();
        let collection = collections.entry(path.to_owned()).or_default();
        collection.items.push(Entity { id, value, shown });
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
        let collections = self.lock();
        let created = collections.get(path).map_or(&[][..], |c| &c.items[..]);
        let template = items.first().cloned();
        items.extend(created.iter().map(|e| e.answer(template.as_ref())));
        Stateful::Documented(Some(Value::Object(list)))
    }

    fn has_created_in(&self, path: &str) -> bool {
        self.lock().get(path).is_some_and(|c| !c.items.is_empty())
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Collection>> {
        // A panic while holding the lock leaves whole entries: the map is still usable.
        self.collections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
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

/// The Graph-style answer for an entity that was deleted.
fn not_found(path: &str) -> Value {
    json!({"error": {
        "code": "Request_ResourceNotFound",
        "message": format!("Resource '{path}' does not exist or one of its queried reference-property objects are not present."),
    }})
}

#[cfg(test)]
mod tests;
