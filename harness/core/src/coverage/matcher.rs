//! From a documented URL to the operation it calls: walks the URL's segments through the model
//! from its entity set or singleton, as the service would route it.
//!
//! Understood: a scheme and host, the version segment, the query (ignored); keys as a segment,
//! in parentheses (`users('id')`) or as `{placeholders}` (`{id | userPrincipalName}`); `/me`
//! and any singleton of an entity set's type as an entity of that set; type casts
//! (`microsoft.graph.group`, `graph.group`); actions and functions, qualified or not, with
//! parameters (`getOffice365ActiveUserDetail(period='D7')`); `$value`, `$ref`, `$count`;
//! OneDrive's path addressing (`root:/folder/file.txt:/content`); names in any case; `~/` for
//! the service root. Past a function, the walk goes on through the type it returns (a function
//! bound to it, `range(address='A1')/column`; where the catalog counts nothing further,
//! `range(…)/format/fill`, the URL calls the function), overloads told apart by the names of
//! their arguments; a complex property leads on to the navigation properties it declares
//! (`apiConnectorConfiguration/postFederationSignup`). A URL that leads nowhere says where it
//! stopped.

use std::collections::HashMap;

use super::operation::{Catalog, MAX_DEPTH, Target, Verb};
use crate::schema::Model;

/// Finds the operations URLs call in one CSDL's catalog.
#[derive(Debug)]
pub struct Matcher<'m> {
    model: &'m Model,
    catalog: &'m Catalog,
    /// Entity sets, singletons and unbound callables by lowercase name.
    roots: HashMap<String, Target>,
    /// Callables by lowercase name: indexes in `Model::callables`.
    callables: HashMap<String, Vec<usize>>,
    /// Entity set by its entity type (for `/me`).
    set_of: HashMap<&'m str, &'m str>,
}

/// Where a walk through a URL is.
#[derive(Debug, Clone)]
struct At {
    target: Target,
    /// The type reached (after casts).
    ty: String,
    /// A collection, not yet keyed.
    many: bool,
    /// Contained (a set, a singleton, a contained property), so it holds what it lists.
    holds: bool,
    /// `$ref` was seen.
    reference: bool,
}

impl<'m> Matcher<'m> {
    /// A matcher over `catalog`, the operations of `model`.
    pub fn new(model: &'m Model, catalog: &'m Catalog) -> Matcher<'m> {
        let mut roots = HashMap::new();
        let mut callables: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, callable) in model.callables().iter().enumerate() {
            callables
                .entry(callable.name.to_lowercase())
                .or_default()
                .push(i);
            if callable.binding.is_none() {
                roots.insert(callable.name.to_lowercase(), Target::Call(i));
            }
        }
        for name in model.singletons.keys() {
            roots.insert(name.to_lowercase(), Target::Singleton(name.clone()));
        }
        let mut set_of = HashMap::new();
        for (name, ty) in &model.entity_sets {
            roots.insert(name.to_lowercase(), Target::Set(name.clone()));
            set_of.insert(ty.as_str(), name.as_str());
        }
        Matcher {
            model,
            catalog,
            roots,
            callables,
            set_of,
        }
    }

    /// The index in the catalog of the operation `method url` calls, or why there is none.
    pub fn find(&self, method: &str, url: &str) -> Result<usize, String> {
        let segments = segments(url);
        let Some((first, rest)) = segments.split_first() else {
            return Err("no path".to_owned());
        };
        let mut at = self.root(first)?;
        let mut walked = format!("/{}", first.0);
        // The last function or action the walk went through: a segment after it navigates what
        // it returns (`range(address='A1')/format/fill`), and the call is what the URL makes
        // when the catalog does not count where it leads.
        let mut called = None;
        for (name, arguments) in rest {
            if let Target::Call(i) = at.target {
                if !self.returned(&mut at, i) {
                    break;
                }
                called = Some(i);
            }
            let step = self.step(&mut at, name, arguments.as_deref());
            let step = match (step, called) {
                (Ok(step), _) => step,
                (Err(_), Some(i)) => return self.called(i),
                (Err(why), None) => return Err(format!("{why}, after {walked}")),
            };
            if let Step::Stop = step {
                break;
            }
            if arguments.is_some() && at.many && !matches!(at.target, Target::Call(_)) {
                at.many = false;
            }
            walked.push('/');
            walked.push_str(name);
        }
        if let Some(found) = self.operation(&at, method) {
            return Ok(found);
        }
        if let Some(i) = called {
            return self.called(i);
        }
        let counted = self.catalog.index.keys().any(|(t, _)| *t == at.target);
        Err(match counted {
            true => format!("{method} is not an operation of {walked}"),
            false => format!(
                "{walked} is not counted: deeper than {MAX_DEPTH} contained properties, \
                 or reached only through a cast or a navigable property"
            ),
        })
    }

    /// Moves the walk onto what the callable `i` returns, when it returns a structured type.
    fn returned(&self, at: &mut At, i: usize) -> bool {
        let returns = self.model.callables()[i].returns.as_ref();
        let Some(returns) = returns.filter(|r| self.model.structured(&r.name).is_some()) else {
            return false;
        };
        at.ty = returns.name.clone();
        at.many = returns.collection;
        at.holds = true;
        true
    }

    /// The call of callable `i`.
    fn called(&self, i: usize) -> Result<usize, String> {
        let index = self.catalog.index.get(&(Target::Call(i), Verb::Call));
        index
            .copied()
            .ok_or_else(|| "a call not counted".to_owned())
    }

    fn root(&self, (name, arguments): &(String, Option<String>)) -> Result<At, String> {
        let lower = name.to_lowercase();
        let target = (self.roots.get(&lower))
            .ok_or_else(|| format!("no entity set, singleton or unbound operation `{name}`"))?;
        let mut at = At {
            target: target.clone(),
            ty: String::new(),
            many: false,
            holds: true,
            reference: false,
        };
        match target {
            Target::Set(set) => {
                at.ty = self.model.entity_sets[set].clone();
                at.many = arguments.is_none();
            }
            Target::Singleton(single) => {
                at.ty = self.model.singletons[single].clone();
                if let Some(set) = self.set_of.get(at.ty.as_str()) {
                    at.target = Target::Set((*set).to_owned());
                }
            }
            _ => {}
        }
        Ok(at)
    }

    fn step(&self, at: &mut At, name: &str, arguments: Option<&str>) -> Result<Step, String> {
        let here = || format!("{}{}", at.ty, if at.many { " collection" } else { "" });
        match name {
            "$ref" => {
                at.reference = true;
                return Ok(Step::On);
            }
            "$count" | "$value" => return Ok(Step::Stop),
            _ => {}
        }
        if let Some(cast) = self.cast(name) {
            at.ty = cast;
            return Ok(Step::On);
        }
        if let Some(call) = self.callable(&at.ty, at.many, name, arguments) {
            at.target = Target::Call(call);
            return Ok(Step::On);
        }
        if at.many {
            at.many = false;
            return Ok(Step::On);
        }
        if name.starts_with('{') {
            return Err(format!("a key `{name}` where {} has none", here()));
        }
        let structured = (self.model.structured(&at.ty))
            .ok_or_else(|| format!("no type `{}` to look `{name}` up in", at.ty))?;
        let found = (self.model.chain(structured)).find_map(|declaring| {
            let property =
                (declaring.properties.iter()).find(|p| p.name.eq_ignore_ascii_case(name))?;
            Some((declaring.name.clone(), property))
        });
        let Some((declaring, property)) = found else {
            return Err(format!("no `{name}` on {}", here()));
        };
        if !property.navigation {
            // A structural property (or a stream) of the entity: its get or update; a complex
            // one may lead on to a navigation property it declares
            // (`apiConnectorConfiguration/postFederationSignup/$ref`).
            let complex = (self.model.structured(&property.ty.name))
                .filter(|c| c.properties.iter().any(|p| p.navigation));
            return Ok(match complex {
                Some(complex) if !property.ty.collection => {
                    at.ty = complex.name.clone();
                    Step::On
                }
                _ => Step::Stop,
            });
        }
        *at = At {
            target: Target::Nav(declaring, property.name.clone()),
            ty: property.ty.name.clone(),
            many: property.ty.collection,
            holds: property.contained,
            reference: false,
        };
        Ok(Step::On)
    }

    /// The type a segment casts to, when it names one.
    fn cast(&self, name: &str) -> Option<String> {
        if !name.contains('.') {
            return None;
        }
        let structured = self.model.structured(name)?;
        Some(structured.name.clone())
    }

    /// The callable named `name` bound to `ty` (or a base of it), a collection of it when `many`;
    /// of overloads, the one whose parameters are the `arguments` named
    /// (`range(address='A1')` is not `range()`).
    fn callable(&self, ty: &str, many: bool, name: &str, arguments: Option<&str>) -> Option<usize> {
        let local = name.rsplit('.').next().unwrap_or(name).to_lowercase();
        let candidates = self.callables.get(&local)?;
        let callables = self.model.callables();
        let bound_to = |i: &usize, base: &str| {
            (callables[*i].binding.as_ref()).is_some_and(|b| b.collection == many && b.name == base)
        };
        let named = argument_names(arguments.unwrap_or(""));
        let fits = |i: &usize| {
            let parameters = &callables[*i].parameters;
            parameters.len() == named.len()
                && (parameters.iter())
                    .all(|p| named.iter().any(|n| n.eq_ignore_ascii_case(&p.name)))
        };
        let structured = self.model.structured(ty)?;
        self.model.chain(structured).find_map(|base| {
            let mut bound = candidates.iter().filter(|i| bound_to(i, &base.name));
            let first = bound.clone().next().copied();
            bound.find(|i| fits(i)).copied().or(first)
        })
    }

    /// The operation a method calls where the walk ended.
    fn operation(&self, at: &At, method: &str) -> Option<usize> {
        let method = method.to_ascii_uppercase();
        let verb = match (&at.target, method.as_str()) {
            (Target::Call(_), _) => Verb::Call,
            (_, "GET") if at.many => Verb::List,
            (_, "GET") => Verb::Get,
            (_, "POST") if at.many && at.holds && !at.reference => Verb::Create,
            (_, "POST") if !at.holds => Verb::Add,
            (_, "PUT") if !at.holds && at.reference => Verb::Add,
            (_, "PATCH" | "PUT") if at.holds => Verb::Update,
            (_, "DELETE") if at.holds => Verb::Delete,
            (_, "DELETE") => Verb::Remove,
            _ => return None,
        };
        self.catalog.index.get(&(at.target.clone(), verb)).copied()
    }
}

enum Step {
    On,
    Stop,
}

/// The path segments of `url` after its version, each with what its parentheses hold.
fn segments(url: &str) -> Vec<(String, Option<String>)> {
    let mut path = url.trim();
    if let Some(rest) = path.split_once("://").map(|(_, rest)| rest) {
        path = rest.find('/').map_or("", |slash| &rest[slash..]);
    }
    let path = path.strip_prefix('~').unwrap_or(path);
    let path = drive_paths(path.split(['?', '#']).next().unwrap_or(path));
    let mut segments: Vec<_> = split(&path).into_iter().filter(|s| !s.is_empty()).collect();
    if segments.first().is_some_and(|s| is_version(s)) {
        segments.remove(0);
    }
    (segments.into_iter())
        .map(|s| match s.find('(') {
            Some(open) if !s.starts_with('{') => {
                let inner = s[open + 1..].trim_end_matches(')').to_owned();
                (s[..open].to_owned(), Some(inner))
            }
            _ => (s, None),
        })
        .collect()
}

/// `root:/folder/file.txt:/content` → `root/content`: OneDrive's path addressing.
fn drive_paths(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(start) = rest.find(":/") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        rest = after.find(':').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// Splits on `/` outside parentheses, quotes and braces.
fn split(path: &str) -> Vec<String> {
    let (mut parts, mut part, mut depth, mut quoted) = (Vec::new(), String::new(), 0i32, false);
    for c in path.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' | '{' if !quoted => depth += 1,
            ')' | '}' if !quoted => depth -= 1,
            '/' if depth <= 0 && !quoted => {
                parts.push(std::mem::take(&mut part));
                continue;
            }
            _ => {}
        }
        part.push(c);
    }
    parts.push(part);
    parts.into_iter().map(|p| p.trim().to_owned()).collect()
}

/// The names of a call's arguments: `address='A1', x=1` → `address`, `x` (a bare value, as
/// `range('A1')` writes it, names none).
fn argument_names(arguments: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (i, c) in arguments.char_indices().chain([(arguments.len(), ',')]) {
        match c {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                let part = &arguments[start..i];
                names.extend(part.split_once('=').map(|(n, _)| n.trim()));
                start = i + 1;
            }
            _ => {}
        }
    }
    names
}

fn is_version(segment: &str) -> bool {
    segment == "beta"
        || segment.strip_prefix('v').is_some_and(|n| {
            n.starts_with(|c: char| c.is_ascii_digit())
                && n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        })
}
