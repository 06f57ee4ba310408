//! The one collector of the reports written when a run finishes (JSON, JUnit, HTML, HAR): it
//! keeps what they need from the run's events and, once the run has finished, hands it over
//! in one order (the selection's), sorted once for all of them. It writes nothing.

use serde::Serialize;

use crate::session::{Event, ExampleResult, Started, StepFailure, Summary, Unreferenced};

/// A run's events, kept until it finishes.
#[derive(Debug, Default)]
pub struct Collector {
    started: Option<Started>,
    pages: Vec<PageFailure>,
    results: Vec<ExampleResult>,
    teardowns: Vec<StepFailure>,
    unreferenced: Vec<Unreferenced>,
}

/// A finished run, as the reports written at its end render it.
#[derive(Debug, Clone, Copy)]
pub struct Collected<'a> {
    /// The start, when the run told it (`report merge` does not).
    pub started: Option<&'a Started>,
    /// Pages that could not be read, as they were told.
    pub pages: &'a [PageFailure],
    /// Each example's result, in the order of the selection (page, then example).
    pub results: &'a [ExampleResult],
    /// Scenario teardown steps that failed, in the order of the selection.
    pub teardowns: &'a [StepFailure],
    /// Snapshots no example refers to, as they were told.
    pub unreferenced: &'a [Unreferenced],
    /// The totals and how the run ended.
    pub summary: &'a Summary,
}

/// A page that could not be read: the page as shown, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageFailure {
    /// The page as shown.
    pub file: String,
    /// Why it could not be read, without the page's name.
    pub reason: String,
}

impl Collector {
    /// A collector of a run that has not started.
    pub fn new() -> Collector {
        Collector::default()
    }

    /// Takes one event; when it is the run's end, the whole run, in order.
    pub fn event<'a>(&'a mut self, event: &'a Event) -> Option<Collected<'a>> {
        match event {
            Event::Started(started) => self.started = Some(started.clone()),
            Event::PageFailed(error) => self.pages.push(PageFailure {
                file: error.file(),
                reason: error.reason(),
            }),
            Event::Example(result) => self.results.push((**result).clone()),
            Event::Teardown(step) => self.teardowns.push(step.clone()),
            Event::Unreferenced(orphan) => self.unreferenced.push(orphan.clone()),
            Event::Finished(summary) => {
                super::in_order(&mut self.results);
                self.teardowns.sort_by_key(|t| t.order);
                return Some(Collected {
                    started: self.started.as_ref(),
                    pages: &self.pages,
                    results: &self.results,
                    teardowns: &self.teardowns,
                    unreferenced: &self.unreferenced,
                    summary,
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Outcome, PageError};

    fn example(order: (usize, usize)) -> Event {
        let mut result: ExampleResult = serde_json::from_value(serde_json::json!({
            "file": "a.md", "line": 3, "name": null, "outcome": "passed",
            "reason": null, "mismatches": [], "snapshot": "off"
        }))
        .unwrap();
        result.order = order;
        Event::Example(Box::new(result))
    }

    fn teardown(order: (usize, usize)) -> Event {
        Event::Teardown(StepFailure {
            scenario: "s".into(),
            step: "teardown",
            file: "s.md".into(),
            line: 9,
            name: format!("step {}", order.1),
            outcome: Outcome::Failed,
            reason: "gone".into(),
            order,
        })
    }

    #[test]
    fn the_run_comes_at_its_end_in_the_order_of_the_selection() {
        let mut collector = Collector::new();
        let events = [
            example((1, 0)),
            teardown((0, 5)),
            Event::PageFailed(PageError::Reported {
                file: "b.md".into(),
                reason: "not UTF-8".into(),
            }),
            example((0, 1)),
            teardown((0, 4)),
            example((0, 0)),
        ];
        for event in &events {
            assert!(collector.event(event).is_none());
        }
        let finished = Event::Finished(Summary::new(3, false));
        let run = collector.event(&finished).expect("the run at its end");
        let orders: Vec<_> = run.results.iter().map(|r| r.order).collect();
        assert_eq!(orders, [(0, 0), (0, 1), (1, 0)]);
        let steps: Vec<_> = run.teardowns.iter().map(|t| t.order).collect();
        assert_eq!(steps, [(0, 4), (0, 5)]);
        let page = PageFailure {
            file: "b.md".into(),
            reason: "not UTF-8".into(),
        };
        assert_eq!(run.pages, [page]);
        assert_eq!(run.summary.selected, 3);
    }
}
