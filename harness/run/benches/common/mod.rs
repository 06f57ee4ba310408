//! Shared by the bench binaries: a global allocator that counts live bytes (peak heap) over
//! the binary's own (mimalloc), and a walk over a doc tree.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

/// Counts live heap bytes while counting is on; allocates with mimalloc, as `exemplar` does.
pub struct Counting;

/// Counting is on only while peak heap is measured: shared counters would slow the timed runs.
static COUNTING: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

/// Adds `bytes` (less than zero when freed) to the live count, while counting is on.
fn count(bytes: isize) {
    if COUNTING.load(Ordering::Relaxed) {
        let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

// SAFETY: forwards to mimalloc and only keeps counts.
#[expect(
    unsafe_code,
    reason = "a global allocator that counts bytes to measure peak heap"
)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        // SAFETY: same contract as the caller's.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

/// Starts counting from zero.
pub fn start() {
    CURRENT.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
}

/// Stops counting; the peak of live bytes allocated since [`start`] (frees of older blocks
/// count as negative, so they never inflate it).
pub fn stop() -> usize {
    COUNTING.store(false, Ordering::Relaxed);
    PEAK.load(Ordering::Relaxed).max(0) as usize
}

/// Live bytes allocated since [`start`], less those freed since (frees of older blocks count
/// as negative); counting goes on.
#[allow(dead_code, reason = "only some bench binaries read the live count")]
pub fn current() -> isize {
    CURRENT.load(Ordering::Relaxed)
}

/// Bytes as MiB.
pub fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The floor the reading benches compare with: find the same files, read each, walk
/// pulldown-cmark's events (single-threaded).
#[allow(dead_code, reason = "only the reading benches take the bare pass")]
pub fn bare_pass(dir: &std::path::Path) -> usize {
    markdown_files(dir)
        .iter()
        .map(|path| bare_events(path))
        .sum()
}

/// The bare pass over one file: read it, walk pulldown-cmark's events; how many there were.
fn bare_events(path: &std::path::Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    pulldown_cmark::Parser::new(&text)
        .into_offset_iter()
        .count()
}

/// [`bare_pass`] on `threads` threads taking the files a few at a time: not a baseline, but what
/// running on several cores at once costs on this machine (shared caches, or cores that are
/// one core's two threads), which a lint on several threads pays too.
#[allow(
    dead_code,
    reason = "only the doc-set bench takes the bare pass on threads"
)]
pub fn bare_pass_on(dir: &std::path::Path, threads: usize) -> usize {
    let files = markdown_files(dir);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let events = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut found = 0;
                loop {
                    let at = next.fetch_add(64, std::sync::atomic::Ordering::Relaxed);
                    let Some(part) = files.get(at..files.len().min(at + 64)) else {
                        break;
                    };
                    found += part.iter().map(|path| bare_events(path)).sum::<usize>();
                }
                events.fetch_add(found, std::sync::atomic::Ordering::Relaxed);
            });
        }
    });
    events.into_inner()
}

/// Every `*.md` file under `dir`, in sorted order.
#[allow(dead_code, reason = "only the benches that build doc trees walk one")]
pub fn markdown_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Wall and CPU time (of the whole process, all threads) of one round.
#[derive(Debug, Clone, Copy)]
#[allow(
    dead_code,
    reason = "only the benches that compare with a bare pass time rounds"
)]
pub struct Times {
    pub wall: std::time::Duration,
    pub cpu: std::time::Duration,
}

#[allow(
    dead_code,
    reason = "only the benches that compare with a bare pass time rounds"
)]
fn cpu_now() -> std::time::Duration {
    let spec = nix::time::clock_gettime(nix::time::ClockId::CLOCK_PROCESS_CPUTIME_ID)
        .expect("process CPU clock");
    std::time::Duration::new(spec.tv_sec() as u64, spec.tv_nsec() as u32)
}

/// The fastest of `rounds` rounds (wall and CPU each), after one warm-up round (which also
/// fills the page cache).
#[allow(
    dead_code,
    reason = "only the benches that compare with a bare pass time rounds"
)]
pub fn best(rounds: usize, mut run: impl FnMut() -> usize) -> Times {
    std::hint::black_box(run());
    let mut best = Times {
        wall: std::time::Duration::MAX,
        cpu: std::time::Duration::MAX,
    };
    for _ in 0..rounds {
        let (wall, cpu) = (std::time::Instant::now(), cpu_now());
        std::hint::black_box(run());
        best.cpu = best.cpu.min(cpu_now().saturating_sub(cpu));
        best.wall = best.wall.min(wall.elapsed());
    }
    best
}

/// The best round of each of `runs`, taken in turn round after round (each warmed up once
/// first), so that a machine slower for a while slows all of them alike.
#[allow(
    dead_code,
    reason = "only the benches that compare with a bare pass time rounds"
)]
pub fn best_of_each(rounds: usize, runs: &mut [&mut dyn FnMut() -> usize]) -> Vec<Times> {
    let mut best = vec![
        Times {
            wall: std::time::Duration::MAX,
            cpu: std::time::Duration::MAX,
        };
        runs.len()
    ];
    runs.iter_mut()
        .for_each(|run| _ = std::hint::black_box(run()));
    for _ in 0..rounds {
        for (run, best) in runs.iter_mut().zip(&mut best) {
            let (wall, cpu) = (std::time::Instant::now(), cpu_now());
            std::hint::black_box(run());
            best.cpu = best.cpu.min(cpu_now().saturating_sub(cpu));
            best.wall = best.wall.min(wall.elapsed());
        }
    }
    best
}

/// Milliseconds of `d`.
#[allow(dead_code, reason = "only the benches that print times use it")]
pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// How many times `b` goes into `a`.
#[allow(dead_code, reason = "only the benches that print ratios use it")]
pub fn ratio(a: std::time::Duration, b: std::time::Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// A small SDK snippet include, as the real ones are: front matter and a code block, without
/// annotations (`i` makes each its own).
#[allow(
    dead_code,
    reason = "only the benches that build docs-shaped trees write snippets"
)]
pub fn snippet(i: usize) -> String {
    format!(
        "---\ndescription: \"Automatically generated file. DO NOT MODIFY\"\n---\n\n```csharp\n\n// Code snippets are only available for the latest version.\nvar graphClient = new GraphServiceClient(requestAdapter);\n\nvar result = await graphClient.Users[\"{{user-id}}\"].GetAsync();\n// {i}\n```\n"
    )
}

/// `exemplar lint DIR` with the default checks on `jobs` threads.
#[allow(dead_code, reason = "only the benches that lint use it")]
pub fn lint_options(dir: &std::path::Path, jobs: usize) -> exemplar_run::docs::LintOptions {
    exemplar_run::docs::LintOptions {
        paths: vec![dir.to_owned()],
        jobs,
        codes: Vec::new(),
        errors_only: false,
        metadata: Vec::new(),
        doc_set: exemplar_run::docs::DocSetOptions::default(),
        changed_since: None,
    }
}
