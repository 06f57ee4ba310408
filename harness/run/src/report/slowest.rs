//! The slowest examples of a long run, named after its summary so a slow page is found without
//! reading every line.

use std::time::Duration;

/// A run shorter than this names no slowest examples: nothing is worth speeding up.
pub const LONG_RUN: Duration = Duration::from_secs(10);

/// How many slowest examples a long run names.
pub(crate) const SLOWEST: usize = 5;

/// The slowest examples seen so far, slowest first.
#[derive(Debug, Clone, Default)]
pub struct Slowest {
    top: Vec<(Duration, String)>,
}

impl Slowest {
    /// Notes an example that took `took`, shown as `title`.
    pub fn push(&mut self, took: Duration, title: impl FnOnce() -> String) {
        if self.top.len() == SLOWEST && self.top.last().is_some_and(|(d, _)| *d >= took) {
            return;
        }
        let at = self.top.partition_point(|(d, _)| *d >= took);
        self.top.insert(at, (took, title()));
        self.top.truncate(SLOWEST);
    }

    /// The lines to print after the summary of a run that took `run`: none when it was short.
    pub fn lines(&self, run: Duration) -> Vec<String> {
        if run <= LONG_RUN || self.top.is_empty() {
            return Vec::new();
        }
        let mut lines = vec![format!("slowest {}:", self.top.len())];
        lines.extend(
            self.top
                .iter()
                .map(|(d, title)| format!("  {:>7} ms  {title}", d.as_millis())),
        );
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn a_long_run_names_its_five_slowest_examples_slowest_first() {
        let mut slowest = Slowest::default();
        for (i, took) in [30, 900, 10, 450, 2000, 70, 600, 5].into_iter().enumerate() {
            slowest.push(ms(took), || format!("page.md:{i}"));
        }
        assert_eq!(
            slowest.lines(ms(10_001)),
            [
                "slowest 5:",
                "     2000 ms  page.md:4",
                "      900 ms  page.md:1",
                "      600 ms  page.md:6",
                "      450 ms  page.md:3",
                "       70 ms  page.md:5",
            ]
        );
    }

    #[test]
    fn a_run_of_ten_seconds_or_less_names_none() {
        let mut slowest = Slowest::default();
        slowest.push(ms(9_000), || "slow.md:1".into());
        assert!(slowest.lines(LONG_RUN).is_empty());
        assert_eq!(slowest.lines(LONG_RUN + ms(1)).len(), 2);
    }
}
