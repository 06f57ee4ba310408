//! What `serve` says when it starts: how many examples, routes and files, and why the counts
//! of examples and routes differ. Pure: the caller prints the lines.

use std::collections::BTreeSet;

use super::routes::{Route, Unservable};
use exemplar_core::model::DocFile;

/// The counts behind the start banner of `serve`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// Doc files read.
    pub(crate) files: usize,
    /// Examples (request blocks) found in them.
    pub(crate) examples: usize,
    /// Examples the mock answers.
    pub(crate) served: usize,
    /// Distinct documented method and path pairs answered.
    pub(crate) routes: usize,
    /// Routes that answer more than one example, told apart by query, headers or body (or
    /// documented alike).
    pub(crate) shared: usize,
    /// `file:line` of every example served.
    origins: BTreeSet<String>,
}

/// Counts the examples of `docs` and what the mock made of them (`routes`).
pub fn overview(docs: &[DocFile], routes: &[Route]) -> Overview {
    let origins: BTreeSet<String> = routes.iter().map(|r| r.origin.clone()).collect();
    let mut paths: Vec<(&Route, BTreeSet<&str>)> = Vec::new();
    for route in routes {
        match paths
            .iter_mut()
            .find(|(r, _)| r.method == route.method && r.segments == route.segments)
        {
            Some((_, examples)) => {
                examples.insert(&route.origin);
            }
            None => paths.push((route, BTreeSet::from([route.origin.as_str()]))),
        }
    }
    Overview {
        files: docs.len(),
        examples: docs.iter().map(|d| d.examples.len()).sum(),
        served: origins.len(),
        routes: paths.len(),
        shared: paths.iter().filter(|(_, e)| e.len() > 1).count(),
        origins,
    }
}

impl Overview {
    /// The note for an example the mock cannot answer as documented: `not served: …`, or
    /// `served differently: …` when it answers it all the same (a 204 without its body).
    pub fn note(&self, unservable: &Unservable) -> String {
        let origin = unservable.place();
        let what = if self.origins.contains(&origin) {
            "served differently"
        } else {
            "not served"
        };
        format!("{what}: {origin}: {}", unservable.reason)
    }

    /// The banner: the counts on the first line (ending with where the mock listens), then a
    /// line for each reason the counts of examples and routes differ.
    pub fn banner(&self, uri: &str) -> Vec<String> {
        let served = if self.served == self.examples {
            count(self.examples, "example")
        } else {
            format!("{} of {}", self.served, count(self.examples, "example"))
        };
        let mut lines = vec![format!(
            "serving {served} as {} from {} at {uri} (Ctrl-C stops)",
            count(self.routes, "route"),
            count(self.files, "file")
        )];
        let unserved = self.examples - self.served;
        if unserved > 0 {
            let (verb, which) = if unserved == 1 {
                ("is", "it")
            } else {
                ("are", "each")
            };
            lines.push(format!(
                "  {} {verb} not served (listed above): {which} has no documented response, or asks what another example asks",
                count(unserved, "example"),
            ));
        }
        if self.shared > 0 {
            let verb = if self.shared == 1 {
                "answers several examples"
            } else {
                "answer several examples each"
            };
            lines.push(format!(
                "  {} (method and path) {verb}, told apart by query, headers or body, or documented alike",
                count(self.shared, "route"),
            ));
        }
        lines
    }
}

/// `1 file`, `2 files`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(examples: &[(&str, &str)]) -> String {
        examples
            .iter()
            .map(|(request, response)| {
                format!(
                    "<!-- {{\"blockType\": \"request\"}} -->\n```http\n{request}\n```\n{response}\n"
                )
            })
            .collect()
    }

    const OK: &str =
        "<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 204 No Content\n```";
    const GONE: &str =
        "<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 404 Not Found\n```";

    fn banner(pages: &[String]) -> Vec<String> {
        let docs: Vec<_> = pages
            .iter()
            .enumerate()
            .map(|(i, page)| exemplar_core::doc::extract(&format!("{i}.md"), page))
            .collect();
        let (routes, _) = super::super::routes(&docs);
        overview(&docs, &routes).banner("http://127.0.0.1:1/")
    }

    #[test]
    fn one_of_each_is_singular() {
        assert_eq!(
            banner(&[page(&[("GET /v1.0/me", OK)])]),
            ["serving 1 example as 1 route from 1 file at http://127.0.0.1:1/ (Ctrl-C stops)"]
        );
    }

    #[test]
    fn the_banner_says_why_examples_and_routes_differ() {
        let first = page(&[
            ("GET /v1.0/me?$select=city", OK),
            ("GET /v1.0/me?$select=name", OK),
            ("GET /v1.0/me?$select=name", GONE),
            ("PATCH /v1.0/me", ""),
        ]);
        let second = page(&[("GET /v1.0/users", OK), ("GET /v1.0/users?$top=1", OK)]);
        assert_eq!(
            banner(&[first, second]),
            [
                "serving 4 of 6 examples as 2 routes from 2 files at http://127.0.0.1:1/ (Ctrl-C stops)",
                "  2 examples are not served (listed above): each has no documented response, or asks what another example asks",
                "  2 routes (method and path) answer several examples each, told apart by query, headers or body, or documented alike",
            ]
        );
    }

    #[test]
    fn a_204_shown_with_a_body_is_served_differently() {
        let docs = [exemplar_core::doc::extract(
            "a.md",
            &page(&[
                (
                    "DELETE /v1.0/me/photo",
                    "<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 204 No Content\nContent-Type: application/json\n\n{\"a\": 1}\n```",
                ),
                ("GET /v1.0/me/photo", ""),
            ]),
        )];
        let (routes, unservable) = super::super::routes(&docs);
        let overview = overview(&docs, &routes);
        let notes: Vec<String> = unservable.iter().map(|u| overview.note(u)).collect();
        assert_eq!(
            notes,
            [
                "served differently: a.md:2: a 204 answer carries no body, but one is documented",
                "not served: a.md:13: no documented response",
            ]
        );
        assert_eq!(
            overview.banner("http://127.0.0.1:1/"),
            [
                "serving 1 of 2 examples as 1 route from 1 file at http://127.0.0.1:1/ (Ctrl-C stops)",
                "  1 example is not served (listed above): it has no documented response, or asks what another example asks",
            ]
        );
    }
}
