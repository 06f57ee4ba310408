//! Reading a doc set: load and extract each file, on several threads, handing the pages back in
//! sorted order one at a time, so memory stays flat however many files there are.

use std::thread;

use crate::discover::DocPath;
use crate::doc::source::{self, Loaded};
use crate::model::DocFile;

/// Files read at once per batch; bounds memory, keeps every thread busy.
const BATCH: usize = 64;

/// One page read, or why it could not be read at all.
pub type Scanned = Result<DocFile, (DocPath, std::io::Error)>;

/// Reads every doc of `docs` with up to `jobs` threads and calls `each` with the pages in order.
pub fn scan(docs: &[DocPath], jobs: usize, mut each: impl FnMut(Scanned)) {
    let jobs = jobs.max(1);
    for batch in docs.chunks(BATCH * jobs) {
        if jobs == 1 {
            batch.iter().map(read).for_each(&mut each);
            continue;
        }
        let per_thread = batch.len().div_ceil(jobs);
        let results: Vec<Vec<Scanned>> = thread::scope(|scope| {
            let handles: Vec<_> = batch
                .chunks(per_thread)
                .map(|part| scope.spawn(|| part.iter().map(read).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        results.into_iter().flatten().for_each(&mut each);
    }
}

/// Loads and extracts one doc.
pub fn read(doc: &DocPath) -> Scanned {
    match source::load(&doc.path, &doc.display) {
        Ok(Loaded::Text(text)) => Ok(crate::doc::extract(&doc.display, &text)),
        Ok(Loaded::Rejected(diagnostic)) => Ok(DocFile {
            file: doc.display.clone(),
            examples: Vec::new(),
            diagnostics: vec![diagnostic],
        }),
        Err(err) => Err((doc.clone(), err)),
    }
}
