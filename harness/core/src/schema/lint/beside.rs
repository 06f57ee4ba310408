//! The schema checks of `lint` beside the reading of the pages. The CSDLs are read on a thread
//! of their own, which then checks each page as it is handed over, as long as the pages are
//! still being read and a CSDL gives the type of each of the page's bodies. The other pages
//! (those that need the `resource` blocks of every page, and those still waiting when the last
//! page is read) are checked at the end on several threads, beside whatever else the caller
//! does with the pages.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;

use super::SchemaLint;
use crate::model::{Diagnostic, DocFile};

/// The pages handed over, in their order, each with its findings when it was checked already.
type Handed = Vec<(DocFile, Option<Vec<Diagnostic>>)>;

/// Pages handed over at once: waking the checking thread for each page would cost more than
/// the pages' checks.
const BATCH: usize = 64;

/// Schema checks under way while the pages are read: [`Beside::page`] each page in order, then
/// [`Beside::finish`].
#[derive(Debug)]
pub struct Beside<E> {
    pages: mpsc::Sender<Vec<DocFile>>,
    /// The pages handed over since the last batch was sent.
    held: RefCell<Vec<DocFile>>,
    /// Set when the last page is handed over: the pages still waiting are checked together.
    all_read: Arc<AtomicBool>,
    worker: JoinHandle<Result<(SchemaLint, Handed), E>>,
}

/// What [`Beside::finish`] gives back: the checks (with their counts), every page in order with
/// its schema findings, and what the caller did beside the last checks.
#[derive(Debug)]
pub struct Checked<R> {
    /// The checks, their [`SchemaLint::tally`] complete.
    pub schema: SchemaLint,
    /// Every page handed over, in order.
    pub docs: Vec<DocFile>,
    /// Each page's schema findings, in line order; none when no types are known.
    pub found: Vec<Vec<Diagnostic>>,
    /// What the caller's `alongside` returned.
    pub alongside: R,
}

impl SchemaLint {
    /// The CSDL models it checks with (one per API version), for the passes after it.
    pub fn schemas(&self) -> &super::Schemas {
        &self.schemas
    }
}

impl<E: Send + 'static> Beside<E> {
    /// Starts the checks whose types `load` reads (on a thread of its own).
    pub fn start(load: impl FnOnce() -> Result<SchemaLint, E> + Send + 'static) -> Beside<E> {
        Beside::start_with(load, true)
    }

    /// [`Beside::start`]; unless `keep_resources`, a page's `resource` blocks are let go of once
    /// learnt when no CSDL checks them (the caller needs none back): they are most of what a
    /// page held until the end would keep for nothing.
    pub fn start_with(
        load: impl FnOnce() -> Result<SchemaLint, E> + Send + 'static,
        keep_resources: bool,
    ) -> Beside<E> {
        let (pages, handed) = mpsc::channel::<Vec<DocFile>>();
        let all_read = Arc::new(AtomicBool::new(false));
        let read = Arc::clone(&all_read);
        let worker = std::thread::spawn(move || {
            let mut schema = load()?;
            let keep = keep_resources || !schema.schemas().is_empty();
            // Each page's blocks are learnt as it comes, in order, as they were at the end.
            let pages = handed.into_iter().flatten().map(|mut doc| {
                schema.learn(&doc);
                if !keep {
                    doc.resources = Vec::new();
                }
                let early = !read.load(Ordering::Relaxed) && schema.alone(&doc);
                let found = early.then(|| schema.check(&doc));
                (doc, found)
            });
            let pages = pages.collect();
            Ok((schema, pages))
        });
        Beside {
            pages,
            held: RefCell::new(Vec::with_capacity(BATCH)),
            all_read,
            worker,
        }
    }

    /// Hands over the next page.
    pub fn page(&self, doc: DocFile) {
        let mut held = self.held.borrow_mut();
        held.push(doc);
        if held.len() >= BATCH {
            self.send(std::mem::replace(&mut held, Vec::with_capacity(BATCH)));
        }
    }

    fn send(&self, pages: Vec<DocFile>) {
        // Refused only when reading the types failed: `finish` reports that, and no page is
        // checked then.
        let _ = self.pages.send(pages);
    }

    /// Checks the pages not checked yet, on up to `threads` threads, while `alongside` runs on
    /// this thread with every page; the error of reading the types, if it failed.
    pub fn finish<R>(
        self,
        threads: usize,
        alongside: impl FnOnce(&[DocFile]) -> R,
    ) -> Result<Checked<R>, E> {
        self.send(self.held.take());
        self.all_read.store(true, Ordering::Relaxed);
        drop(self.pages);
        let joined = self.worker.join();
        let (mut schema, handed) =
            joined.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let (docs, mut found): (Vec<_>, Vec<_>) = handed.into_iter().unzip();
        let late: Vec<usize> = (0..docs.len()).filter(|&i| found[i].is_none()).collect();
        let types = schema.has_types();
        let (checked, alongside) = std::thread::scope(|scope| {
            let checking = scope.spawn(|| match types {
                true => schema.check_some(&docs, &late, threads),
                false => Vec::new(),
            });
            let alongside = alongside(&docs);
            let checked = checking.join();
            (
                checked.unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                alongside,
            )
        });
        for (i, diagnostics) in checked {
            found[i] = Some(diagnostics);
        }
        Ok(Checked {
            schema,
            found: found.into_iter().map(Option::unwrap_or_default).collect(),
            docs,
            alongside,
        })
    }
}
