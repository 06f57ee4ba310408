//! The pool the doc-set pass works on: each page's work on up to `jobs` threads, in order,
//! and freeing what every page held on as many.

use std::sync::Mutex;

/// `each(i)` for `i` in `0..len` on up to `jobs` threads, in order of `i`.
pub(super) fn in_parallel<T: Send>(
    len: usize,
    jobs: usize,
    each: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let chunk = len.div_ceil(jobs.max(1) * 8).max(1);
    let starts: Vec<usize> = (0..len).step_by(chunk).collect();
    let next = Mutex::new(0usize);
    let done: Vec<Mutex<Vec<T>>> = starts.iter().map(|_| Mutex::new(Vec::new())).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                while let Some(k) = next.lock().ok().map(|mut n| {
                    *n += 1;
                    *n - 1
                }) {
                    let Some(&start) = starts.get(k) else { return };
                    let out = (start..len.min(start + chunk)).map(&each).collect();
                    if let Ok(mut slot) = done[k].lock() {
                        *slot = out;
                    }
                }
            });
        }
    });
    (done.into_iter())
        .flat_map(|m| m.into_inner().unwrap_or_default())
        .collect()
}

/// Drops `items` on up to `jobs` threads: freeing every page's examples and facts is a
/// large share of a lint, and one thread would do it alone.
pub(crate) fn drop_in_parallel<T: Send>(mut items: Vec<T>, jobs: usize) {
    let jobs = jobs.max(1);
    if jobs == 1 || items.len() < 2 {
        return;
    }
    // Small parts taken in turn: the pages heavy to free sit together in path order.
    let chunk = items.len().div_ceil(jobs * 8);
    let mut parts: Vec<Vec<T>> = Vec::with_capacity(jobs * 8 + 1);
    while items.len() > chunk {
        parts.push(items.split_off(items.len() - chunk));
    }
    parts.push(items);
    let parts = Mutex::new(parts);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                while let Some(part) = parts.lock().ok().and_then(|mut p| p.pop()) {
                    drop(part);
                }
            });
        }
    });
}
