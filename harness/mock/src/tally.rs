//! What the mock refused or dropped, by kind: the first of each kind is logged as it happens,
//! later ones only counted, and the counts logged now and then and when the mock stops. Never
//! a body: a line names the kind, the limit and at most a method and path.

use std::sync::atomic::{AtomicU64, Ordering};

use super::server::Logger;

/// A kind of refusal the log counts instead of telling each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A body over `--max-body`, answered 413.
    TooLarge,
    /// A created resource evicted past `--max-state`.
    Evicted,
    /// A connection closed because its request head did not come in time.
    HeaderTimeout,
    /// A connection closed after moving no byte for `--idle-timeout`.
    Idle,
    /// The accept loop waited because `--max-connections` were open.
    Capped,
}

const KINDS: [Kind; 5] = [
    Kind::TooLarge,
    Kind::Evicted,
    Kind::HeaderTimeout,
    Kind::Idle,
    Kind::Capped,
];

impl Kind {
    /// `3 bodies over --max-body (413)`.
    fn counted(self, n: u64) -> String {
        let (one, many) = match self {
            Kind::TooLarge => ("body over --max-body (413)", "bodies over --max-body (413)"),
            Kind::Evicted => ("resource evicted", "resources evicted"),
            Kind::HeaderTimeout => (
                "connection closed by --header-timeout",
                "connections closed by --header-timeout",
            ),
            Kind::Idle => (
                "connection closed by --idle-timeout",
                "connections closed by --idle-timeout",
            ),
            Kind::Capped => ("wait at --max-connections", "waits at --max-connections"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// Counts by kind, and the counts last logged.
pub(crate) struct Tally {
    counts: [AtomicU64; 5],
    noted: [AtomicU64; 5],
    log: Option<Logger>,
}

impl std::fmt::Debug for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts: Vec<u64> = self
            .counts
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect();
        f.debug_struct("Tally").field("counts", &counts).finish()
    }
}

impl Tally {
    pub(crate) fn new(log: Option<Logger>) -> Tally {
        Tally {
            counts: Default::default(),
            noted: Default::default(),
            log,
        }
    }

    /// Counts `n` of `kind`; the first of its kind logs `first()`, which should say that
    /// later ones are counted.
    pub(crate) fn count(&self, kind: Kind, n: u64, first: impl FnOnce() -> String) {
        if n == 0 {
            return;
        }
        let before = self.counts[kind as usize].fetch_add(n, Ordering::Relaxed);
        if before == 0 {
            if let Some(log) = &self.log {
                log(first());
            }
        }
    }

    /// How many of `kind` so far.
    #[cfg(test)]
    pub(crate) fn total(&self, kind: Kind) -> u64 {
        self.counts[kind as usize].load(Ordering::Relaxed)
    }

    /// Logs `{prefix}: …` with the count of each kind that grew since the last note (every
    /// count so far when `totals`); nothing when there is none.
    pub(crate) fn note(&self, prefix: &str, totals: bool) {
        let mut parts = Vec::new();
        for kind in KINDS {
            let now = self.counts[kind as usize].load(Ordering::Relaxed);
            let before = self.noted[kind as usize].swap(now, Ordering::Relaxed);
            if now > before || (totals && now > 0) {
                parts.push(kind.counted(if totals { now } else { now - before }));
            }
        }
        if let (false, Some(log)) = (parts.is_empty(), &self.log) {
            log(format!("{prefix}: {}", parts.join(", ")));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn the_first_of_a_kind_is_told_and_the_rest_counted() {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&lines);
        let tally = Tally::new(Some(Arc::new(move |l| kept.lock().unwrap().push(l))));
        for _ in 0..3 {
            tally.count(Kind::TooLarge, 1, || "first 413".to_owned());
        }
        tally.count(Kind::Evicted, 2, || "first eviction".to_owned());
        tally.note("refused lately", false);
        tally.note("refused lately", false);
        tally.count(Kind::TooLarge, 1, || "again".to_owned());
        tally.note("refused in all", true);
        assert_eq!(
            *lines.lock().unwrap(),
            [
                "first 413",
                "first eviction",
                "refused lately: 3 bodies over --max-body (413), 2 resources evicted",
                "refused in all: 4 bodies over --max-body (413), 2 resources evicted",
            ]
        );
        assert_eq!(tally.total(Kind::TooLarge), 4);
    }
}
