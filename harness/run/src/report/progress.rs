//! The progress bar of `run`: done/total, passed/failed and the time left, on stderr, only on a
//! terminal and never in CI; the streamed lines go through it so neither tears the other.

use std::io::{self, Write};
use std::time::Duration;

use crate::session::{Event, Outcome};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether to show a bar: stderr is a terminal, `CI` is not set (to anything but `false` or
/// `0`), and `--no-progress` was not given.
pub fn wanted(stderr_is_terminal: bool, ci: Option<&str>, no_progress: bool) -> bool {
    let in_ci = ci.is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    stderr_is_terminal && !in_ci && !no_progress
}

/// A bar that follows a run's events.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
    passed: u64,
    failed: u64,
}

impl Default for Progress {
    fn default() -> Progress {
        Progress::new()
    }
}

impl Progress {
    /// A bar on stderr, drawn once the run starts.
    pub fn new() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg} (ETA {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress {
            bar,
            passed: 0,
            failed: 0,
        }
    }

    /// Moves the bar on for `event`.
    pub fn event(&mut self, event: &Event) {
        match event {
            Event::Started(started) => {
                self.bar.set_length(started.examples as u64);
                // Drawn from the start on, so the time left moves while a slow answer is awaited.
                self.bar.enable_steady_tick(Duration::from_millis(100));
            }
            Event::Example(example) => {
                match example.outcome {
                    Outcome::Passed => self.passed += 1,
                    Outcome::Failed | Outcome::Error => self.failed += 1,
                    Outcome::Skipped => {}
                }
                self.bar.inc(1);
                self.bar
                    .set_message(format!("{} passed, {} failed", self.passed, self.failed));
            }
            Event::Finished(_) => self.bar.finish_and_clear(),
            _ => {}
        }
    }

    /// A writer whose output goes through the bar: the bar is cleared, the text written, the
    /// bar drawn again.
    pub fn through<W: Write>(&self, out: W) -> Through<W> {
        Through {
            bar: Some(self.bar.clone()),
            out,
        }
    }
}

/// Writes to `out` with the bar (if any) put aside.
pub struct Through<W> {
    bar: Option<ProgressBar>,
    out: W,
}

impl<W> Through<W> {
    /// Writes to `out` directly: there is no bar.
    pub fn direct(out: W) -> Through<W> {
        Through { bar: None, out }
    }
}

impl<W: Write> Write for Through<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &self.bar {
            Some(bar) => bar.suspend(|| {
                self.out.write_all(buf)?;
                self.out.flush()?;
                Ok(buf.len())
            }),
            None => self.out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::wanted;

    #[test]
    fn the_bar_shows_only_on_a_terminal_outside_ci_unless_turned_off() {
        assert!(wanted(true, None, false));
        assert!(wanted(true, Some(""), false));
        assert!(wanted(true, Some("false"), false));
        assert!(!wanted(false, None, false), "not a terminal");
        assert!(!wanted(true, Some("true"), false), "in CI");
        assert!(!wanted(true, Some("1"), false), "in CI");
        assert!(!wanted(true, None, true), "--no-progress");
    }
}
