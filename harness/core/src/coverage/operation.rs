//! The operations a CSDL declares (DESIGN §11), each with its method and a URL template.
//!
//! Which operations count:
//! - an entity set: list, create (on `/users`), get, update, delete (on `/users/{id}`);
//! - a singleton: get and update, unless its type is an entity set's type (`/me` is a user:
//!   its URLs are the `users` set's, and count there);
//! - a navigation property of a type reached from a set or singleton: a contained one
//!   (`ContainsTarget`) as an entity set (a single-valued one: get, update); a navigable one
//!   (not contained): list, get, add (`$ref`), remove (`$ref`) for a collection, get, add and
//!   remove for a single one;
//! - the navigation properties a complex property of a reached type declares
//!   (`/identity/b2xUserFlows/{id}/apiConnectorConfiguration/postFederationSignup`), each complex
//!   type once, at its first path;
//! - every action (POST) and function (GET) the CSDL declares, once per declaration.
//!
//! The depth: types are reached through contained navigation properties only, at most
//! [`MAX_DEPTH`] of them below a set or singleton, each type once at its shortest path. A
//! navigable property is counted but not entered: what it leads to has a home of its own (its
//! entity set, or its container), so entering it would count the same operations again under
//! every path that reaches them. A navigation property is counted once, on the type that
//! declares it, whatever types inherit it.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::Serialize;

use crate::schema::Model;
use crate::schema::types::Structured;

/// How many contained navigation properties below a set or singleton the catalog follows.
/// Graph's deepest documented containment (`/identityGovernance/accessReviews/definitions/{id}
/// /instances/{id}/decisions`) is four; beyond it paths repeat types already reached.
pub const MAX_DEPTH: usize = 4;

/// What an operation acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// An entity set, or an entity of it.
    EntitySet,
    /// A singleton.
    Singleton,
    /// A contained navigation property (`ContainsTarget="true"`).
    Contained,
    /// A navigable (not contained) navigation property.
    Navigation,
    /// An action, called with POST.
    Action,
    /// A function, called with GET.
    Function,
}

/// What an operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Verb {
    /// GET of a collection.
    List,
    /// GET of one entity.
    Get,
    /// POST to a collection.
    Create,
    /// PATCH (or PUT) of one entity.
    Update,
    /// DELETE of one entity.
    Delete,
    /// A reference added: POST (collection) or PUT (single) to `…/$ref`.
    Add,
    /// A reference removed: DELETE of `…/$ref`.
    Remove,
    /// An action or function called.
    Call,
}

/// What a URL reaches, before the method picks the operation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    /// An entity set, by name.
    Set(String),
    /// A singleton, by name.
    Singleton(String),
    /// A navigation property: the type that declares it, and its name.
    Nav(String, String),
    /// An action or function: its index in `Model::callables`.
    Call(usize),
}

/// One operation of the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// The API version of its CSDL (`v1.0`), if given.
    pub version: Option<String>,
    /// The namespace it is declared in (its type's, for sets and properties).
    pub namespace: String,
    /// What it does (the JSON field `operation` of DESIGN §11).
    #[serde(rename = "operation")]
    pub verb: Verb,
    /// The HTTP method.
    pub method: &'static str,
    /// Its URL, keys as `{id}`: `/users/{id}/assignLicense`. An action or function bound to a
    /// type no counted path reaches is shown under that type: `/{microsoft.graph.x}/name`.
    pub template: String,
    /// What it acts on.
    pub kind: Kind,
    /// The set, singleton, property, action or function name.
    pub name: String,
    /// The type that declares the property, or the action's or function's binding.
    pub binding: Option<String>,
}

/// The operations of one CSDL, and how a matched URL finds one.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Every operation, in the order found (sets, singletons, then by depth; then callables).
    pub operations: Vec<Operation>,
    pub(crate) index: HashMap<(Target, Verb), usize>,
}

/// Lists the operations of `model`, for `version`.
pub fn catalog(model: &Model, version: Option<&str>) -> Catalog {
    let mut walk = Walk {
        model,
        version,
        catalog: Catalog::default(),
        items: HashMap::new(),
        collections: HashMap::new(),
        queue: VecDeque::new(),
        seen: HashSet::new(),
        counted: HashSet::new(),
    };
    walk.roots();
    while let Some((ty, path, depth)) = walk.queue.pop_front() {
        walk.navigations(&ty, &path, depth);
    }
    walk.callables();
    walk.catalog
}

/// The walk from the roots: where each reached type is, and what is still to visit.
struct Walk<'m> {
    model: &'m Model,
    version: Option<&'m str>,
    catalog: Catalog,
    /// The first path to one entity of each reached type (and of each of its bases).
    items: HashMap<String, String>,
    /// The first path to a collection of each reached type (and of each of its bases).
    collections: HashMap<String, String>,
    queue: VecDeque<(String, String, usize)>,
    seen: HashSet<String>,
    counted: HashSet<Target>,
}

/// What one operation is about, beside its verb, method and template.
struct About<'a> {
    target: &'a Target,
    kind: Kind,
    /// The type whose namespace it is counted under.
    ty: &'a str,
    name: &'a str,
    binding: Option<String>,
}

impl Walk<'_> {
    fn roots(&mut self) {
        let model = self.model;
        let mut sets: Vec<_> = model.entity_sets.iter().collect();
        sets.sort();
        for (name, ty) in &sets {
            let collection = format!("/{name}");
            let target = Target::Set((*name).clone());
            let about = About {
                target: &target,
                kind: Kind::EntitySet,
                ty,
                name,
                binding: None,
            };
            self.push_holding(&about, &collection, true);
            self.reach(ty, &collection, true, 0);
        }
        let mut singletons: Vec<_> = model.singletons.iter().collect();
        singletons.sort();
        for (name, ty) in singletons {
            if sets.iter().any(|(_, set)| *set == ty) {
                continue;
            }
            let path = format!("/{name}");
            let target = Target::Singleton(name.clone());
            let about = About {
                target: &target,
                kind: Kind::Singleton,
                ty,
                name,
                binding: None,
            };
            self.push_holding(&about, &path, false);
            self.reach(ty, &path, false, 0);
        }
    }

    /// Notes that `at` reaches `ty` (a collection of it when `many`), `depth` contained
    /// properties below a root, and queues the type if it is new.
    fn reach(&mut self, ty: &str, at: &str, many: bool, depth: usize) {
        let item = if many {
            format!("{at}/{{id}}")
        } else {
            at.to_owned()
        };
        if let Some(structured) = self.model.structured(ty) {
            for name in self.model.chain(structured).map(|t| t.name.clone()) {
                if many {
                    self.collections
                        .entry(name.clone())
                        .or_insert(at.to_owned());
                }
                self.items.entry(name).or_insert(item.clone());
            }
        }
        if self.seen.insert(ty.to_owned()) {
            self.queue.push_back((ty.to_owned(), item, depth));
        }
    }

    fn navigations(&mut self, ty: &str, path: &str, depth: usize) {
        let model = self.model;
        let Some(structured) = model.structured(ty) else {
            return;
        };
        for declaring in model.chain(structured) {
            self.through_complex(declaring, path, depth);
            for property in declaring.properties.iter().filter(|p| p.navigation) {
                let target = Target::Nav(declaring.name.clone(), property.name.clone());
                if !self.counted.insert(target.clone()) {
                    continue;
                }
                let at = format!("{path}/{}", property.name);
                let many = property.ty.collection;
                let about = About {
                    target: &target,
                    kind: if property.contained {
                        Kind::Contained
                    } else {
                        Kind::Navigation
                    },
                    ty: &declaring.name,
                    name: &property.name,
                    binding: Some(declaring.name.clone()),
                };
                if !property.contained {
                    self.push_navigable(&about, &at, many);
                    continue;
                }
                self.push_holding(&about, &at, many);
                if depth < MAX_DEPTH {
                    self.reach(&property.ty.name, &at, many, depth + 1);
                }
            }
        }
    }

    /// The navigation properties of the complex properties of `declaring` (single-valued, not
    /// `Edm.*`): `/identity/b2xUserFlows/{id}/apiConnectorConfiguration/postFederationSignup`.
    fn through_complex(&mut self, declaring: &Structured, path: &str, depth: usize) {
        let model = self.model;
        let complex = (declaring.properties.iter())
            .filter(|p| !p.navigation && !p.ty.collection && !p.ty.name.starts_with("Edm."));
        for property in complex {
            let Some(complex) = model.structured(&property.ty.name) else {
                continue;
            };
            // Each complex type once, at its first path (a complex type may hold itself).
            if complex.properties.iter().any(|p| p.navigation)
                && self.seen.insert(complex.name.clone())
            {
                let at = format!("{path}/{}", property.name);
                self.navigations(&complex.name, &at, depth);
            }
        }
    }

    /// A set, a singleton, or a contained property: list and create on a collection, get,
    /// update and delete on one of its entities; get and update on a single one.
    fn push_holding(&mut self, about: &About, at: &str, many: bool) {
        if !many {
            self.push(about, Verb::Get, "GET", at);
            self.push(about, Verb::Update, "PATCH", at);
            return;
        }
        let item = format!("{at}/{{id}}");
        self.push(about, Verb::List, "GET", at);
        self.push(about, Verb::Create, "POST", at);
        self.push(about, Verb::Get, "GET", &item);
        self.push(about, Verb::Update, "PATCH", &item);
        self.push(about, Verb::Delete, "DELETE", &item);
    }

    /// A navigable property: list, get, and references added and removed.
    fn push_navigable(&mut self, about: &About, at: &str, many: bool) {
        let reference = format!("{at}/$ref");
        if !many {
            self.push(about, Verb::Get, "GET", at);
            self.push(about, Verb::Add, "PUT", &reference);
            self.push(about, Verb::Remove, "DELETE", &reference);
            return;
        }
        self.push(about, Verb::List, "GET", at);
        self.push(about, Verb::Get, "GET", &format!("{at}/{{id}}"));
        self.push(about, Verb::Add, "POST", &reference);
        self.push(about, Verb::Remove, "DELETE", &format!("{at}/{{id}}/$ref"));
    }

    fn push(&mut self, about: &About, verb: Verb, method: &'static str, template: &str) {
        let namespace = about.ty.rsplit_once('.').map_or("", |(ns, _)| ns);
        let key = (about.target.clone(), verb);
        (self.catalog.index).insert(key, self.catalog.operations.len());
        self.catalog.operations.push(Operation {
            version: self.version.map(str::to_owned),
            namespace: namespace.to_owned(),
            verb,
            method,
            template: template.to_owned(),
            kind: about.kind,
            name: about.name.to_owned(),
            binding: about.binding.clone(),
        });
    }

    fn callables(&mut self) {
        for (i, callable) in self.model.callables().iter().enumerate() {
            let under = match &callable.binding {
                None => String::new(),
                Some(b) if b.collection => (self.collections.get(&b.name).cloned())
                    .unwrap_or_else(|| format!("/{{Collection({})}}", b.name)),
                Some(b) => {
                    (self.items.get(&b.name).cloned()).unwrap_or_else(|| format!("/{{{}}}", b.name))
                }
            };
            let mut template = format!("{under}/{}", callable.name);
            if callable.function {
                let parameters: Vec<_> = (callable.parameters.iter())
                    .map(|p| format!("{0}={{{0}}}", p.name))
                    .collect();
                template = format!("{template}({})", parameters.join(","));
            }
            let (kind, method) = match callable.function {
                true => (Kind::Function, "GET"),
                false => (Kind::Action, "POST"),
            };
            let ty = format!("{}.{}", callable.namespace, callable.name);
            let about = About {
                target: &Target::Call(i),
                kind,
                ty: &ty,
                name: &callable.name,
                binding: callable.binding.as_ref().map(ToString::to_string),
            };
            self.push(&about, Verb::Call, method, &template);
        }
    }
}
