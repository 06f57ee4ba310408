//! Replay against a local `exemplar serve`: exemplar's run set against bare reqwest doing the
//! same requests (the baseline, always) and against Hurl running the same requests (when Hurl is
//! installed), measured in the same run.
//!
//! The tree is shaped like the Graph v1.0 docs: 350 API pages of two documented examples each
//! (700 examples: a GET of an entity, a GET of a collection or, one page in five, a PATCH),
//! with front matter, a permissions table and tabbed include lines, beside 1,400 include
//! snippets without annotations (2,100 files, as the v1.0 run reads). `exemplar serve` answers
//! from the same tree in its own process. Each figure is the best of the rounds:
//! - bare: one reqwest client on a current-thread runtime, `JOBS` pages at once, each page's
//!   requests in order, bodies read; in this process (CPU: this process's clock);
//! - exemplar: `exemplar run TREE --target URL --jobs JOBS`, the binary (CPU: user + sys of
//!   the child, from getrusage of the waited children);
//! - Hurl: the same requests exported with `exemplar export --format hurl`, one file per page,
//!   run by `hurl --test --jobs JOBS` (CPU the same way).
//!
//! When there are two CPUs or more, the clients are pinned to CPU 0 and the server to CPU 1
//! (`taskset`), so the server's work is not in the clients' figures.
//!
//! Run: `cargo bench -p exemplar --bench replay` (`REPLAY_KEEP=1` keeps the tree, to profile)

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]
#![expect(clippy::expect_used, reason = "a bench fails loudly on a broken setup")]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod tree;

const ROUNDS: usize = 5;
const JOBS: usize = 4;
const EXE: &str = env!("CARGO_BIN_EXE_exemplar");

/// Wall and CPU time of one round.
#[derive(Debug, Clone, Copy)]
struct Cost {
    wall: Duration,
    cpu: Duration,
}

impl Cost {
    const MAX: Cost = Cost {
        wall: Duration::MAX,
        cpu: Duration::MAX,
    };

    fn min(self, other: Cost) -> Cost {
        Cost {
            wall: self.wall.min(other.wall),
            cpu: self.cpu.min(other.cpu),
        }
    }
}

fn main() {
    let pinned = pin_to(0);
    let dir = tempfile::tempdir().expect("temp dir");
    let requests = tree::write(dir.path());
    let examples: usize = requests.iter().map(Vec::len).sum();
    let mut server = Server::start(dir.path(), pinned);
    let hurl = hurl().map(|hurl| (hurl, hurl_files(dir.path(), &server.url)));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (mut bare, mut run, mut theirs) = (Cost::MAX, Cost::MAX, Cost::MAX);
    for round in 0..=ROUNDS {
        let b = runtime.block_on(bare_requests(&requests, &server.url));
        let r = exemplar_run(dir.path(), &server.url, pinned);
        let h = hurl
            .as_ref()
            .map(|(exe, files)| run_hurl(exe, files, &server.url, pinned));
        // Round 0 warms the page cache, the server and the connections' code paths.
        if round > 0 {
            (bare, run) = (bare.min(b), run.min(r));
            theirs = h.map_or(theirs, |h| theirs.min(h));
        }
    }
    server.stop();
    print(
        examples,
        pinned,
        bare,
        run,
        hurl.is_some().then_some(theirs),
    );
    // `REPLAY_KEEP=1` keeps the tree, to profile a run over it.
    if std::env::var_os("REPLAY_KEEP").is_some() {
        println!("  tree kept in {}", dir.keep().display());
    }
}

fn print(examples: usize, pinned: bool, bare: Cost, run: Cost, hurl: Option<Cost>) {
    let pins = match pinned {
        true => "clients on CPU 0, server on CPU 1",
        false => "not pinned (one CPU, or no taskset)",
    };
    println!(
        "replay: {examples} examples, 2,100 files, {JOBS} jobs, `exemplar serve` on 127.0.0.1, {pins}; best of {ROUNDS}"
    );
    let line = |name: &str, c: Cost| {
        println!(
            "  {name:<22} {:>7.1} ms wall {:>7.1} ms CPU",
            ms(c.wall),
            ms(c.cpu)
        );
    };
    line("bare reqwest:", bare);
    line("exemplar run:", run);
    if let Some(hurl) = hurl {
        line("hurl --test:", hurl);
    }
    println!(
        "  exemplar/bare:  {:.2}x wall, {:.2}x CPU",
        ratio(run.wall, bare.wall),
        ratio(run.cpu, bare.cpu)
    );
    match hurl {
        Some(hurl) => println!(
            "  exemplar/Hurl:  {:.2}x wall, {:.2}x CPU   (goal: at most 1.0x wall, 0.5x CPU)",
            ratio(run.wall, hurl.wall),
            ratio(run.cpu, hurl.cpu)
        ),
        None => println!("  exemplar/Hurl:  skipped: hurl is not on PATH nor in ~/.cargo/bin"),
    }
}

/// `exemplar serve TREE --port 0` in a process of its own (on CPU 1 when pinned).
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(tree: &Path, pinned: bool) -> Server {
        let mut command = pinned_command(EXE, pinned.then_some(1));
        command
            .args(["serve", "--port", "0"])
            .arg(tree)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("exemplar serve");
        let stderr = child.stderr.take().expect("serve's stderr");
        let mut first = String::new();
        BufReader::new(stderr)
            .read_line(&mut first)
            .expect("serve's first line");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in serve's line: {first}"))
            .to_owned();
        Server { child, url }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `program`, under `taskset -c CPU` when `cpu` is given.
fn pinned_command(program: &str, cpu: Option<usize>) -> Command {
    match cpu {
        Some(cpu) => {
            let mut command = Command::new("taskset");
            command.args(["-c", &cpu.to_string(), program]);
            command
        }
        None => Command::new(program),
    }
}

/// Pins this process's threads to `cpu` when there are two CPUs or more and `taskset` is
/// there (the children are pinned through it); whether it did.
fn pin_to(cpu: usize) -> bool {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let taskset = Command::new("taskset")
        .args([
            "-p",
            "-c",
            &cpu.to_string(),
            &std::process::id().to_string(),
        ])
        .stdout(Stdio::null())
        .status();
    cpus >= 2 && taskset.is_ok_and(|s| s.success())
}

/// The same requests with one reqwest client and nothing else: `JOBS` pages at once.
async fn bare_requests(pages: &[Vec<tree::Request>], target: &str) -> Cost {
    let client = exemplar_run::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let permits = Arc::new(tokio::sync::Semaphore::new(JOBS));
    let (wall, cpu) = (Instant::now(), cpu_self());
    let mut tasks = tokio::task::JoinSet::new();
    for page in pages {
        let (client, permit) = (client.clone(), Arc::clone(&permits));
        let requests: Vec<_> = page.iter().map(|r| r.to(target)).collect();
        let permit = permit.acquire_owned().await.expect("permit");
        tasks.spawn(async move {
            let _permit = permit;
            for (method, url, body) in requests {
                let mut request = client.request(method, url);
                if let Some(body) = body {
                    request = request
                        .header("content-type", "application/json")
                        .body(body);
                }
                let response = request.send().await.expect("bare request");
                std::hint::black_box(response.bytes().await.expect("bare body"));
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    Cost {
        wall: wall.elapsed(),
        cpu: cpu_self().saturating_sub(cpu),
    }
}

/// `exemplar run` over the whole tree, as a user runs it.
fn exemplar_run(tree: &Path, target: &str, pinned: bool) -> Cost {
    let mut command = pinned_command(EXE, pinned.then_some(0));
    command
        .args(["run", "--no-config", "--quiet", "--no-progress", "--jobs"])
        .arg(JOBS.to_string())
        .args(["--target", target])
        .arg(tree)
        .current_dir(tree)
        .env("NO_COLOR", "1");
    let (cost, output) = timed(command);
    assert!(
        output.status.success(),
        "exemplar run failed: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    cost
}

/// Runs `command` to its end; its wall time and the CPU (user + sys) it and its children used.
fn timed(mut command: Command) -> (Cost, std::process::Output) {
    let (wall, cpu) = (Instant::now(), cpu_children());
    let output = command.output().expect("spawn");
    let cost = Cost {
        wall: wall.elapsed(),
        cpu: cpu_children().saturating_sub(cpu),
    };
    (cost, output)
}

/// Hurl, on PATH or in `~/.cargo/bin`.
fn hurl() -> Option<PathBuf> {
    let on_path = Command::new("hurl").arg("--version").output();
    if on_path.is_ok_and(|o| o.status.success()) {
        return Some(PathBuf::from("hurl"));
    }
    let home = std::env::var_os("HOME")?;
    Some(Path::new(&home).join(".cargo/bin/hurl")).filter(|p| p.is_file())
}

/// The examples exported as Hurl by `exemplar export`, cut into one file per page (at its
/// `# ==== PAGE` line), so that `--jobs` runs pages at once as exemplar does.
fn hurl_files(tree: &Path, target: &str) -> Vec<PathBuf> {
    let out = tree.join("../hurl");
    std::fs::create_dir_all(&out).expect("hurl dir");
    let export = Command::new(EXE)
        .args([
            "export",
            "--no-config",
            "--format",
            "hurl",
            "--target",
            target,
        ])
        .arg(tree)
        .output()
        .expect("exemplar export");
    assert!(export.status.success(), "{export:?}");
    let text = String::from_utf8(export.stdout).expect("utf-8 export");
    let mut files = Vec::new();
    for (i, part) in text.split("\n# ==== ").skip(1).enumerate() {
        let path = out.join(format!("{i:04}.hurl"));
        std::fs::write(&path, format!("# {part}\n")).expect("hurl file");
        files.push(path);
    }
    files
}

fn run_hurl(exe: &Path, files: &[PathBuf], target: &str, pinned: bool) -> Cost {
    let mut command = pinned_command(&exe.display().to_string(), pinned.then_some(0));
    command
        .args(["--test", "--jobs", &JOBS.to_string(), "--no-color"])
        .args(["--variable", &format!("baseUrl={target}")])
        .args(files);
    let (cost, output) = timed(command);
    assert!(
        output.status.success(),
        "hurl failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    cost
}

fn cpu_self() -> Duration {
    let spec = nix::time::clock_gettime(nix::time::ClockId::CLOCK_PROCESS_CPUTIME_ID)
        .expect("process CPU clock");
    Duration::new(spec.tv_sec() as u64, spec.tv_nsec() as u32)
}

/// User + sys time of the waited-for children so far.
fn cpu_children() -> Duration {
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage");
    let time =
        |t: nix::sys::time::TimeVal| Duration::new(t.tv_sec() as u64, t.tv_usec() as u32 * 1000);
    time(usage.user_time()) + time(usage.system_time())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
