//! An index over the route table: the routes a request may be, found by its method, its number
//! of segments and its first segment, instead of trying every route in turn.
//!
//! The routes a lookup yields are tried in the order of their priority, then of the table (the
//! order wiremock tried one `Mock` per route in); the first that matches answers. Pure.

use std::collections::HashMap;

use super::routes::Request;

use super::parts::{Part, request_segments};
use super::routes::Route;

/// The routes by method, segment count and first segment, each list in trial order.
#[derive(Debug, Default)]
pub(super) struct Index {
    /// Route positions in trial order.
    order: Vec<usize>,
    /// By method (upper case) and number of segments.
    buckets: HashMap<(String, usize), Bucket>,
}

/// Routes of one method and segment count, as ranks in the trial order, ascending.
#[derive(Debug, Default)]
struct Bucket {
    /// By first segment, where that is one literal (lower case).
    by_first: HashMap<String, Vec<usize>>,
    /// Whose first segment holds a placeholder: tried whatever the first segment.
    any_first: Vec<usize>,
}

impl Index {
    /// The index of `routes`.
    pub(super) fn new(routes: &[Route]) -> Index {
        let mut order: Vec<usize> = (0..routes.len()).collect();
        // Stable: among routes of one priority, the order of the table.
        order.sort_by_key(|&i| routes[i].priority());
        let mut buckets: HashMap<(String, usize), Bucket> = HashMap::new();
        for (rank, &i) in order.iter().enumerate() {
            let route = &routes[i];
            let key = (route.method.to_ascii_uppercase(), route.segments.len());
            let bucket = buckets.entry(key).or_default();
            match route.segments.first().map(Vec::as_slice) {
                Some([Part::Text(first)]) => {
                    bucket.by_first.entry(first.clone()).or_default().push(rank);
                }
                _ => bucket.any_first.push(rank),
            }
        }
        Index { order, buckets }
    }

    /// The route of `routes` (those the index was made of) that answers `request`, if any.
    pub(super) fn find<'a>(&self, routes: &'a [Route], request: &Request) -> Option<&'a Route> {
        let segments = request_segments(request.url.path());
        let key = (request.method.as_str().to_ascii_uppercase(), segments.len());
        let bucket = self.buckets.get(&key)?;
        // A literal segment matches ASCII case-insensitively, and is stored in lower case.
        let named = segments
            .first()
            .and_then(|first| bucket.by_first.get(&first.to_ascii_lowercase()))
            .map_or(&[][..], Vec::as_slice);
        // A documented GUID as written first; then as any value, when no route has it.
        let find = |exact| {
            merged(named, &bucket.any_first)
                .map(|rank| &routes[self.order[rank]])
                .find(|route| route.matches(&segments, request, exact))
        };
        find(true).or_else(|| find(false))
    }
}

/// The ranks of two ascending lists, ascending.
fn merged<'a>(a: &'a [usize], b: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(&&x), Some(&&y)) if y < x => b.next().copied(),
        (Some(_), _) => a.next().copied(),
        (None, _) => b.next().copied(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(requests: &[&str]) -> Vec<Route> {
        super::super::routes::tests::table_of(requests)
    }

    /// The route that answers, found the way wiremock found it: every route in turn, by priority.
    fn tried_in_turn<'a>(routes: &'a [Route], request: &Request) -> Option<&'a Route> {
        let mut order: Vec<&Route> = routes.iter().collect();
        order.sort_by_key(|r| r.priority());
        let segments = request_segments(request.url.path());
        let exact = order.iter().find(|r| r.matches(&segments, request, true));
        exact
            .or_else(|| order.iter().find(|r| r.matches(&segments, request, false)))
            .copied()
    }

    fn get(method: &str, target: &str) -> Request {
        let url = format!("http://localhost{target}");
        Request {
            url: url.parse().expect("a url"),
            method: method.parse().expect("a method"),
            headers: Default::default(),
            body: Vec::new(),
        }
    }

    #[test]
    fn the_index_finds_the_route_trying_every_route_in_turn_finds() {
        let routes = table(&[
            "GET /v1.0/users/{id}",
            "GET /v1.0/users/delta",
            "GET /v1.0/{kind}/delta",
            "GET /{version}/users/{id}",
            "DELETE /v1.0/users/{id}",
            "GET /v1.0/me/messages?$top=2",
            "GET /v1.0/me/messages?$select=subject",
            "GET /v1.0/groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/owners",
            "GET /v1.0/groups/11111111-8f93-4758-87c3-1fb73740a315/owners",
            "GET /v1.0/Cell(row=<row>,column=<column>)",
            "GET /",
        ]);
        let index = Index::new(&routes);
        for (method, target) in [
            ("GET", "/v1.0/users/42"),
            ("GET", "/V1.0/Users/Delta/"),
            ("GET", "/v1.0/groups/delta"),
            ("GET", "/beta/users/42"),
            ("delete", "/v1.0/users/42"),
            ("PATCH", "/v1.0/users/42"),
            ("GET", "/v1.0/me/messages?$select=subject"),
            ("GET", "/v1.0/me/messages?$top=5"),
            ("GET", "/v1.0/groups/anything/owners"),
            (
                "GET",
                "/v1.0/groups/02BD9FD6-8f93-4758-87c3-1fb73740a315/owners",
            ),
            (
                "GET",
                "/v1.0/groups/11111111-8f93-4758-87c3-1fb73740a315/owners",
            ),
            ("GET", "/v1.0/cell(row=1,column=2)"),
            ("GET", "/"),
            ("GET", "/v1.0/users"),
            ("GET", "/v1.0/users%2Fdelta"),
        ] {
            let request = get(method, target);
            let (found, expected) = (
                index.find(&routes, &request),
                tried_in_turn(&routes, &request),
            );
            assert_eq!(
                found.map(|r| &r.origin),
                expected.map(|r| &r.origin),
                "{method} {target}"
            );
        }
    }

    #[test]
    fn ranks_merge_in_order() {
        let ranks: Vec<usize> = merged(&[0, 3, 4, 9], &[1, 2, 5]).collect();
        assert_eq!(ranks, [0, 1, 2, 3, 4, 5, 9]);
    }
}
