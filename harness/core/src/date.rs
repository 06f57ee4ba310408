//! Dates as the docs and HAR write them (RFC 3339, UTC), from a time since the Unix epoch, so
//! neither the mock nor the reports need a date crate. Pure.

use std::time::Duration;

/// `2024-05-01T12:00:00Z`, or `2024-05-01T12:00:00.123Z` with `millis`: the UTC time `since`
/// the Unix epoch.
pub fn rfc3339(since: Duration, millis: bool) -> String {
    let secs = since.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil(i64::try_from(days).unwrap_or(0));
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    match millis {
        true => format!(
            "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{:03}Z",
            since.subsec_millis()
        ),
        false => format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z"),
    }
}

/// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (month, day) = (u32::try_from(month), u32::try_from(day));
    (year, month.unwrap_or(1), day.unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_in_utc_with_or_without_milliseconds() {
        assert_eq!(rfc3339(Duration::ZERO, false), "1970-01-01T00:00:00Z");
        let leap = Duration::from_millis(951_782_400_123); // 2000-02-29
        assert_eq!(rfc3339(leap, true), "2000-02-29T00:00:00.123Z");
        let late = Duration::from_secs(1_796_601_599); // 2026-12-06, one second before midnight
        assert_eq!(rfc3339(late, false), "2026-12-06T23:59:59Z");
    }
}
