//! Running the units of a session: each scenario, then each page as it comes, up to `--jobs`
//! at once, each page's examples in document order, every result told to the sink.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::sync::Semaphore;
use tokio::sync::mpsc::Receiver;

use super::context::{Page, Place, Shared};
use super::event::Event;
use super::example::{self, Sent};
use super::scenario;
use super::sink::Sink;

/// Starts each scenario, then each page that comes, up to `jobs` at once, each page's examples
/// in document order; once the run is stopped nothing starts (the rest of the pages are only
/// drained, so reading can finish).
pub(crate) async fn dispatch(
    incoming: &mut Receiver<Page>,
    shared: &Arc<Shared>,
    sink: &Arc<Sink>,
    units: Vec<scenario::Unit>,
) -> tokio::task::JoinSet<()> {
    let permits = Arc::new(Semaphore::new(shared.settings.jobs));
    let mut tasks = tokio::task::JoinSet::new();
    for unit in units {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            continue;
        };
        if sink.stop.is_stopped() {
            break;
        }
        let (shared, sink) = (Arc::clone(shared), Arc::clone(sink));
        tasks.spawn(async move {
            let _permit = permit;
            scenario::replay(unit, &shared, &sink).await;
        });
    }
    let mut index = 0;
    while let Some(page) = incoming.recv().await {
        index += 1;
        if page.selected.is_empty() || sink.stop.is_stopped() {
            continue;
        }
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            continue;
        };
        if sink.stop.is_stopped() {
            continue;
        }
        let (shared, sink) = (Arc::clone(shared), Arc::clone(sink));
        let order = index - 1;
        tasks.spawn(async move {
            let _permit = permit;
            replay_page(order, page, &shared, &sink).await;
        });
        // Collect what has finished so far, so the join set stays small.
        while tasks.try_join_next().is_some() {}
    }
    tasks
}

/// Waits for every task of `tasks`.
pub(crate) async fn join(mut tasks: tokio::task::JoinSet<()>) {
    while tasks.join_next().await.is_some() {}
}

async fn replay_page(index: usize, page: Page, shared: &Shared, sink: &Sink) {
    let key: Arc<str> = page.key.into();
    let mut examples: Vec<Option<_>> = page.doc.examples.into_iter().map(Some).collect();
    for i in page.selected {
        if sink.stop.is_stopped() {
            return;
        }
        let Some(example) = examples.get_mut(i).and_then(Option::take) else {
            continue;
        };
        let order = (index, i);
        let result = match example::send(&example, shared, order, None).await {
            Sent::Skipped(result) => result,
            Sent::Replayed(_, Err(error)) if error.is_connect() && !sink.answered() => {
                // Nothing has ever answered: the target is not there. One message, not one
                // error per example.
                sink.unreachable_at(error);
                return;
            }
            Sent::Replayed(result, answer) => {
                if answer.is_ok() {
                    sink.answered.store(true, Ordering::SeqCst);
                }
                let place = Place {
                    key: Arc::clone(&key),
                    snapshot: page.snapshots.as_ref().and_then(|s| s.get(i).cloned()),
                };
                example::finish(Arc::new(example), shared, place, result, answer).await
            }
        };
        sink.totals().count(result.outcome);
        sink.send(Event::Example(Box::new(result)));
    }
}
