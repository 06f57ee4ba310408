//! The pace settings: `rate` (requests per second to the target, `10/s`, `600/min`) and
//! `max_retry_after` (the longest `Retry-After` waited for).

use std::time::Duration;

use super::error::{ConfigError, bad};
use super::layer::Layer;
use super::value::{self, Invalid, Kind};

/// `rate`'s kind, as said in errors.
const RATE: Kind = Kind::OneOf(&["N/s", "N/min"]);

/// `--rate`, `EXEMPLAR_RATE`: requests per second, written `N/s`, `N/min` or `N` (per
/// second), above 0.
pub fn rate(text: &str) -> Result<f64, Invalid> {
    let text = text.trim();
    let (number, per) = match text.split_once('/') {
        Some((n, unit)) => (n.trim(), unit.trim()),
        None => (text, "s"),
    };
    let seconds = match per {
        "s" | "sec" | "second" => 1.0,
        "m" | "min" | "minute" => 60.0,
        "h" | "hour" => 3600.0,
        _ => return Err(refused()),
    };
    let n: f64 = number.parse().map_err(|_| refused())?;
    let rate = n / seconds;
    (rate.is_finite() && rate > 0.0)
        .then_some(rate)
        .ok_or_else(refused)
}

fn refused() -> Invalid {
    Invalid {
        expected: RATE,
        hint: None,
    }
}

/// The rate of the highest layer that sets one, in requests per second.
pub(super) fn resolve_rate(layers: &[Layer]) -> Result<Option<f64>, ConfigError> {
    let Some(text) = layers.iter().rev().find_map(|l| l.rate.as_deref()) else {
        return Ok(None);
    };
    rate(text)
        .map(Some)
        .map_err(|e| bad("rate", &e, &format!("{text:?}")))
}

/// The longest `Retry-After` waited for (60 s unless a layer says otherwise).
pub(super) fn resolve_max_retry_after(layers: &[Layer]) -> Result<Duration, ConfigError> {
    let default = crate::replay::DEFAULT_MAX_RETRY_AFTER.as_secs_f64();
    let secs = (layers.iter().rev())
        .find_map(|l| l.max_retry_after)
        .unwrap_or(default);
    value::check_seconds(secs).map_err(|e| bad("max_retry_after", &e, &secs.to_string()))?;
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::rate;

    #[test]
    fn rates_are_read_per_second() {
        assert_eq!(rate("10/s"), Ok(10.0));
        assert_eq!(rate(" 120 / min "), Ok(2.0));
        assert_eq!(rate("5"), Ok(5.0));
        assert!(rate("0/s").is_err());
        assert!(rate("ten/s").is_err());
        assert!(rate("10/fortnight").is_err());
    }
}
