//! Reading a doc set: load and extract each file on a pool of threads, handing the pages back in
//! order one at a time, so output is stable and memory stays flat however many files there are.
//! Threads take pages a few at a time, so the handing over costs little beside the reading.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc;
use std::thread;

use crate::discover::{DocPath, ReadError};
use crate::doc::source::{self, Loaded};
use crate::model::DocFile;

/// Pages a thread takes at once: one lock, one permit and one message for all of them.
const CHUNK: usize = 64;
/// How many chunks the threads may run ahead of the page being handed back.
const WINDOW: usize = 2;

/// One page read, or the path that could not be read.
pub type Scanned = Result<ReadPage, ReadError>;

/// A page read: where it was found, and what it holds.
#[derive(Debug, Clone)]
pub struct ReadPage {
    /// The file and the path shown for it.
    pub source: DocPath,
    /// Its examples and diagnostics.
    pub doc: DocFile,
    /// Its doc-set facts, when they were asked for ([`Reading::Lint`]) and the page annotates
    /// something (they are read in the same pass; other pages are not parsed).
    pub facts: Option<crate::docset::Facts>,
}

/// What a reader needs of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Every annotated block and every finding (`lint`).
    Everything,
    /// Only the examples (`list`, `run`): a page without a request annotation is not parsed.
    Examples,
    /// The examples, and every page's text in `DocFile::source` (`coverage` reads syntax lines).
    ExamplesAndText,
    /// Everything, and each page's doc-set facts, read in the same markdown pass (`lint`).
    Lint,
}

/// Reads every doc with up to `jobs` threads and calls `each` with the pages in order.
pub fn scan(
    docs: impl Iterator<Item = Result<DocPath, ReadError>> + Send,
    jobs: usize,
    reading: Reading,
    each: impl FnMut(Scanned),
) {
    scan_then(docs, jobs, reading, |(): &mut (), page| page, each);
}

/// [`scan`], with `then` applied to each page on the thread that read it (work a page needs
/// alone, done while it is fresh), and `each` given what `then` made of it, in order. Each
/// reading thread keeps a state of its own for `then` (what it found of the pages before, say:
/// one after another, they mostly share a folder), so the threads need not share one.
pub fn scan_then<T: Send, S: Default>(
    docs: impl Iterator<Item = Result<DocPath, ReadError>> + Send,
    jobs: usize,
    reading: Reading,
    then: impl Fn(&mut S, ReadPage) -> T + Sync,
    mut each: impl FnMut(Result<T, ReadError>),
) {
    let read = |state: &mut S, found: Result<DocPath, ReadError>| {
        (found.and_then(|f| read(&f, reading))).map(|page| then(state, page))
    };
    if jobs <= 1 {
        let mut state = S::default();
        docs.map(|found| read(&mut state, found)).for_each(each);
        return;
    }
    let queue = Mutex::new(docs.enumerate());
    // A worker holds a permit per chunk in flight; the pool never gets more than WINDOW ahead.
    let (permit_tx, permit_rx) = mpsc::sync_channel::<()>(WINDOW);
    let permit_rx = Mutex::new(permit_rx);
    for _ in 0..WINDOW {
        let _ = permit_tx.send(());
    }
    let (done_tx, done_rx) = mpsc::channel::<(usize, Vec<Result<T, ReadError>>)>();
    thread::scope(|scope| {
        for _ in 0..jobs.min(WINDOW) {
            let done_tx = done_tx.clone();
            let (queue, permit_rx, read) = (&queue, &permit_rx, &read);
            scope.spawn(move || {
                let mut state = S::default();
                while permit_rx.lock().is_ok_and(|rx| rx.recv().is_ok()) {
                    let chunk: Vec<_> = match queue.lock() {
                        Ok(mut queue) => queue.by_ref().take(CHUNK).collect(),
                        Err(_) => return,
                    };
                    let Some(&(first, _)) = chunk.first() else {
                        return;
                    };
                    let read = |(_, found)| read(&mut state, found);
                    let pages = chunk.into_iter().map(read).collect();
                    if done_tx.send((first, pages)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        // Chunks hold consecutive pages: each is handed back whole when its turn comes.
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (first, pages) in done_rx {
            waiting.insert(first, pages);
            while let Some(pages) = waiting.remove(&next) {
                next += pages.len();
                pages.into_iter().for_each(&mut each);
                let _ = permit_tx.send(());
            }
        }
        drop(permit_tx);
    });
}

/// Loads and extracts one doc.
pub fn read(doc: &DocPath, reading: Reading) -> Scanned {
    let mut facts = None;
    let read = match source::load(&doc.path, &doc.display) {
        Ok(Loaded::Text(text)) if reading == Reading::Examples => {
            crate::doc::extract::extract_examples(&doc.display, &text)
        }
        Ok(Loaded::Text(text)) if reading == Reading::ExamplesAndText => {
            let mut read = crate::doc::extract::extract_examples(&doc.display, &text);
            read.source.get_or_insert_with(|| std::sync::Arc::new(text));
            read
        }
        Ok(Loaded::Text(text)) if reading == Reading::Lint => {
            let (read, found) = crate::doc::extract::extract_with_facts(&doc.display, text);
            facts = found;
            read
        }
        Ok(Loaded::Text(text)) => crate::doc::extract(&doc.display, &text),
        Ok(Loaded::Rejected(diagnostic)) => DocFile {
            file: doc.display.clone(),
            diagnostics: vec![diagnostic],
            ..DocFile::default()
        },
        Err(error) => {
            return Err(ReadError {
                path: doc.path.clone(),
                error,
            });
        }
    };
    let mut read = read;
    read.version = crate::version::page_version(&doc.path.to_string_lossy(), &read.examples);
    for example in &mut read.examples {
        example.version.clone_from(&read.version);
    }
    Ok(ReadPage {
        source: doc.clone(),
        doc: read,
        facts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_come_back_in_order_whatever_the_thread_count() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..300 {
            std::fs::write(
                dir.path().join(format!("{i:03}.md")),
                format!("# page {i}\n"),
            )
            .unwrap();
        }
        let order = |jobs| {
            let mut files = Vec::new();
            let docs = crate::discover::walk(&[dir.path().to_owned()]);
            scan(docs, jobs, Reading::Everything, |page| {
                files.push(page.unwrap().doc.file)
            });
            files
        };
        let one = order(1);
        assert_eq!(one.len(), 300);
        assert_eq!(order(2), one);
        assert_eq!(order(7), one);
    }
}
