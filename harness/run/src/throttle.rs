//! Pacing requests per target origin: a cap on requests per second across every job
//! (`--rate`), and the run slowed down as a whole when the target answers 429 or 503.
//!
//! Each origin has its own pace: a rate and the instant its next request may leave. A throttled
//! answer halves the rate (from what the run was doing, when nothing capped it) and holds every
//! request back for its `Retry-After`; each answer that is not throttled brings the rate back up
//! slowly (about one request per second more every second), never above `--rate`. The clock is
//! tokio's, so tests can pause it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The slowest pace a throttled run falls to, in requests per second.
const FLOOR: f64 = 0.2;

/// How often the run was throttled and how long it was held back, for the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Throttled {
    /// Answers 429 or 503.
    pub count: u64,
    /// Wall-clock time every request was held back for by those answers (`Retry-After`, or the
    /// backoff when there was none), overlapping holds counted once.
    pub waited: Duration,
}

/// The paces of the origins a run sends to, shared by every job.
#[derive(Debug, Default)]
pub(crate) struct Throttle {
    /// The cap, in requests per second; `None`: as fast as the jobs go until throttled.
    cap: Option<f64>,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    origins: HashMap<String, Pace>,
    throttled: Throttled,
}

/// One origin's pace.
#[derive(Debug)]
struct Pace {
    /// Requests per second; `None`: unpaced.
    rate: Option<f64>,
    /// When the next request may leave.
    next: Instant,
    /// When the current hold (after a throttled answer) ends.
    held_until: Instant,
    /// Requests sent in the current second, and when it began: the pace a throttled run had.
    window: (Instant, u32),
}

impl Throttle {
    /// A throttle capping each origin at `cap` requests per second, if given.
    pub(crate) fn new(cap: Option<f64>) -> Throttle {
        Throttle {
            cap,
            state: Mutex::default(),
        }
    }

    /// Waits until a request to `origin` may leave, and counts it.
    pub(crate) async fn wait(&self, origin: &str) {
        let at = {
            let mut state = self.lock();
            let now = Instant::now();
            let pace = state.pace(origin, self.cap, now);
            let at = pace.next.max(now);
            if let Some(rate) = pace.rate {
                pace.next = at + Duration::from_secs_f64(1.0 / rate);
            }
            pace.count(at);
            at
        };
        tokio::time::sleep_until(at).await;
    }

    /// A 429 or 503 from `origin`: halves its rate and holds every request to it back for
    /// `hold` (its `Retry-After`, or a backoff).
    pub(crate) fn throttled(&self, origin: &str, hold: Duration) {
        let mut state = self.lock();
        let now = Instant::now();
        let pace = state.pace(origin, self.cap, now);
        // Answers to requests sent together halve the rate once, not once each.
        if now >= pace.held_until {
            let seen = f64::from(pace.window.1.max(1));
            let rate = pace.rate.unwrap_or(seen);
            pace.rate = Some((rate / 2.0).max(FLOOR));
        }
        let until = now + hold;
        let added = until.saturating_duration_since(pace.held_until.max(now));
        pace.held_until = pace.held_until.max(until);
        pace.next = pace.next.max(until);
        state.throttled.count += 1;
        state.throttled.waited += added;
    }

    /// An answer from `origin` that was not throttled: its rate comes back up a little.
    pub(crate) fn eased(&self, origin: &str) {
        let mut state = self.lock();
        let Some(pace) = state.origins.get_mut(origin) else {
            return;
        };
        if let Some(rate) = pace.rate {
            let raised = rate + 1.0 / rate.max(1.0);
            pace.rate = match self.cap {
                Some(cap) => Some(raised.min(cap)),
                None => Some(raised),
            };
        }
    }

    /// How often the run was throttled and how long it waited.
    pub(crate) fn tally(&self) -> Throttled {
        self.lock().throttled
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain numbers: still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl State {
    fn pace(&mut self, origin: &str, cap: Option<f64>, now: Instant) -> &mut Pace {
        self.origins.entry(origin.to_owned()).or_insert(Pace {
            rate: cap,
            next: now,
            held_until: now,
            window: (now, 0),
        })
    }
}

impl Pace {
    fn count(&mut self, at: Instant) {
        if at.saturating_duration_since(self.window.0) >= Duration::from_secs(1) {
            self.window = (at, 0);
        }
        self.window.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_cap_spaces_requests_evenly() {
        let throttle = Throttle::new(Some(10.0));
        let start = Instant::now();
        for _ in 0..11 {
            throttle.wait("http://a").await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn origins_are_paced_apart() {
        let throttle = Throttle::new(Some(1.0));
        let start = Instant::now();
        throttle.wait("http://a").await;
        throttle.wait("http://b").await;
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttled_answer_halves_the_rate_and_holds_the_run_back() {
        let throttle = Throttle::new(Some(8.0));
        throttle.wait("http://a").await;
        throttle.throttled("http://a", Duration::from_secs(2));
        let start = Instant::now();
        throttle.wait("http://a").await;
        throttle.wait("http://a").await;
        // Held for 2 s, then one request every 1/4 s.
        assert_eq!(start.elapsed(), Duration::from_millis(2250));
        let tally = throttle.tally();
        assert_eq!((tally.count, tally.waited), (1, Duration::from_secs(2)));
    }

    #[tokio::test(start_paused = true)]
    async fn the_rate_recovers_slowly_and_never_past_the_cap() {
        let throttle = Throttle::new(Some(4.0));
        throttle.wait("http://a").await;
        throttle.throttled("http://a", Duration::ZERO);
        throttle.eased("http://a");
        let rate = |t: &Throttle| t.lock().origins["http://a"].rate;
        assert_eq!(rate(&throttle), Some(2.5));
        for _ in 0..100 {
            throttle.eased("http://a");
        }
        assert_eq!(rate(&throttle), Some(4.0));
    }

    #[tokio::test(start_paused = true)]
    async fn an_unpaced_run_is_halved_from_what_it_was_doing() {
        let throttle = Throttle::new(None);
        for _ in 0..20 {
            throttle.wait("http://a").await;
        }
        throttle.throttled("http://a", Duration::ZERO);
        assert_eq!(throttle.lock().origins["http://a"].rate, Some(10.0));
    }
}
