//! The JSON form of each Edm primitive type, per the OData JSON format (4.01 §7.1).
//!
//! Int64 and Decimal may be written as strings; Single and Double may be `"NaN"`, `"INF"` or
//! `"-INF"` and accept integers; Guid, Date, DateTimeOffset, TimeOfDay, Duration and Binary are
//! strings of their own form. Unknown or untyped primitives (`Edm.Geography…`, `Edm.Untyped`)
//! accept anything.

use serde_json::Value;

/// Not an Edm type: a string holding an absolute URL, what a `resource` block's `"url"` means.
pub const URL: &str = "Edm.String(url)";

/// Whether `value` is a valid JSON form of the primitive `edm` type (`Edm.Int32`); `None` when
/// it is, else what the value should look like.
pub fn check(edm: &str, value: &Value) -> Option<&'static str> {
    let fits = match edm {
        "Edm.String" => value.is_string(),
        "Edm.Boolean" => value.is_boolean(),
        "Edm.Byte" => integer_in(value, 0, 255),
        "Edm.SByte" => integer_in(value, -128, 127),
        "Edm.Int16" => integer_in(value, i16::MIN.into(), i16::MAX.into()),
        "Edm.Int32" => integer_in(value, i32::MIN.into(), i32::MAX.into()),
        "Edm.Int64" => value.is_i64() || value.as_str().is_some_and(is_integer_text),
        "Edm.Decimal" => value.is_number() || value.as_str().is_some_and(is_decimal_text),
        "Edm.Single" | "Edm.Double" => {
            value.is_number() || matches!(value.as_str(), Some("NaN" | "INF" | "-INF"))
        }
        "Edm.Guid" => value.as_str().is_some_and(is_guid),
        "Edm.Date" => value.as_str().is_some_and(is_date),
        "Edm.DateTimeOffset" => value.as_str().is_some_and(is_date_time_offset),
        "Edm.TimeOfDay" => value.as_str().is_some_and(is_time_of_day),
        "Edm.Duration" => value.as_str().is_some_and(is_duration),
        "Edm.Binary" => value.as_str().is_some_and(is_base64),
        "Edm.Stream" => value.is_string() || value.is_object(),
        URL => value
            .as_str()
            .is_some_and(|u| url::Url::parse(u).is_ok_and(|u| u.has_host())),
        _ => true,
    };
    (!fits).then(|| form(edm))
}

/// What a value of `edm` looks like, for messages.
fn form(edm: &str) -> &'static str {
    match edm {
        "Edm.String" | "Edm.Stream" => "a string",
        "Edm.Boolean" => "true or false",
        "Edm.Byte" | "Edm.SByte" | "Edm.Int16" | "Edm.Int32" => "an integer in its range",
        "Edm.Int64" => "an integer (or a string of digits)",
        "Edm.Decimal" => "a number (or a string of one)",
        "Edm.Single" | "Edm.Double" => "a number, or \"NaN\", \"INF\", \"-INF\"",
        "Edm.Guid" => "a GUID string (`01234567-89ab-cdef-0123-456789abcdef`)",
        "Edm.Date" => "a date string (`2021-07-13`)",
        "Edm.DateTimeOffset" => "a date-time string with an offset (`2021-07-13T09:30:00Z`)",
        "Edm.TimeOfDay" => "a time string (`09:30:00`)",
        "Edm.Duration" => "an ISO 8601 duration string (`PT1H30M`)",
        "Edm.Binary" => "a base64 string",
        URL => "an absolute URL string",
        _ => "a primitive value",
    }
}

fn integer_in(value: &Value, min: i64, max: i64) -> bool {
    value.as_i64().is_some_and(|n| (min..=max).contains(&n))
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_integer_text(text: &str) -> bool {
    digits(text.strip_prefix(['-', '+']).unwrap_or(text))
}

fn is_decimal_text(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    match unsigned.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    }
}

/// `01234567-89ab-cdef-0123-456789abcdef`.
pub fn is_guid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let text = text.strip_prefix('-').unwrap_or(text);
    let parts: Vec<&str> = text.split('-').collect();
    b.len() >= 10
        && parts.len() == 3
        && parts[0].len() >= 4
        && digits(parts[0])
        && two_digits_at_most(parts[1], 12)
        && two_digits_at_most(parts[2], 31)
}

fn two_digits_at_most(text: &str, max: u32) -> bool {
    text.len() == 2
        && text
            .parse::<u32>()
            .is_ok_and(|n| (1..=max).contains(&n) || (max == 59 && n == 0))
}

/// `hh:mm`, `hh:mm:ss`, `hh:mm:ss.fffffff`.
fn is_time_of_day(text: &str) -> bool {
    let (clock, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let parts: Vec<&str> = clock.split(':').collect();
    let in_range = |p: &str, max: u32| p.len() == 2 && p.parse::<u32>().is_ok_and(|n| n <= max);
    (2..=3).contains(&parts.len())
        && in_range(parts[0], 23)
        && in_range(parts[1], 59)
        && parts.get(2).is_none_or(|s| in_range(s, 60))
        && digits(fraction)
}

/// `2021-07-13T09:30:00Z`, `…T09:30:00.1234567+02:00`; the offset is required.
fn is_date_time_offset(text: &str) -> bool {
    let Some((date, rest)) = text.split_once(['T', 't']) else {
        return false;
    };
    let (time, ok_offset) = if let Some(time) = rest.strip_suffix(['Z', 'z']) {
        (time, true)
    } else if let Some(at) = rest.rfind(['+', '-']) {
        (
            &rest[..at],
            is_time_of_day(&rest[at + 1..]) && rest[at + 1..].len() == 5,
        )
    } else {
        (rest, false)
    };
    is_date(date) && ok_offset && is_time_of_day(time)
}

/// `[-]P[nD][T[nH][nM][n[.n]S]]`, with something after `P` and after `T`.
fn is_duration(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let Some(rest) = text.strip_prefix(['P', 'p']) else {
        return false;
    };
    let (days, time) = match rest.split_once(['T', 't']) {
        Some((days, time)) if !time.is_empty() => (days, Some(time)),
        Some(_) => return false,
        None => (rest, None),
    };
    let fields = |text: &str, units: &[char]| -> Option<usize> {
        let mut count = 0;
        let mut number = String::new();
        let mut next_unit = 0;
        for c in text.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            let at = units[next_unit..]
                .iter()
                .position(|u| u.eq_ignore_ascii_case(&c))?;
            if number.is_empty() || (number.contains('.') && !c.eq_ignore_ascii_case(&'S')) {
                return None;
            }
            next_unit += at + 1;
            number.clear();
            count += 1;
        }
        number.is_empty().then_some(count)
    };
    let day_fields = fields(days, &['Y', 'M', 'W', 'D']);
    let time_fields = time.map_or(Some(0), |t| fields(t, &['H', 'M', 'S']));
    match (day_fields, time_fields) {
        (Some(d), Some(t)) => d + t > 0 && time.is_none_or(|_| t > 0),
        _ => false,
    }
}

/// Base64 or base64url, padded or not.
fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    text.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::check;

    fn fits(edm: &str, value: serde_json::Value) -> bool {
        check(edm, &value).is_none()
    }

    #[test]
    fn each_edm_type_takes_its_json_forms_and_refuses_others() {
        let cases = [
            ("Edm.String", json!("x"), json!(1)),
            ("Edm.Boolean", json!(true), json!("true")),
            ("Edm.Byte", json!(255), json!(256)),
            ("Edm.SByte", json!(-128), json!(-129)),
            ("Edm.Int16", json!(-3), json!(1.5)),
            ("Edm.Int32", json!(2147483647), json!(2147483648_i64)),
            ("Edm.Int64", json!("-9007199254740993"), json!("12a")),
            ("Edm.Int64", json!(42), json!(4.2)),
            ("Edm.Decimal", json!("2.50"), json!("pi")),
            ("Edm.Decimal", json!(2.5), json!(true)),
            ("Edm.Double", json!("NaN"), json!("nan")),
            ("Edm.Double", json!("-INF"), json!("Infinity")),
            ("Edm.Single", json!(3), json!("3")),
            (
                "Edm.Guid",
                json!("0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"),
                json!("{id}"),
            ),
            ("Edm.Date", json!("2021-07-13"), json!("2021-7-13")),
            (
                "Edm.DateTimeOffset",
                json!("2021-07-13T09:30:00Z"),
                json!("July 8, 2015 3:48 PM"),
            ),
            (
                "Edm.DateTimeOffset",
                json!("2021-07-13T09:30:00.1234567+02:00"),
                json!("2021-07-13T09:30:00"),
            ),
            ("Edm.TimeOfDay", json!("09:30:00.5"), json!("9:30")),
            ("Edm.Duration", json!("PT1H30M"), json!("1:30:00")),
            ("Edm.Duration", json!("-P1DT0.5S"), json!("PT")),
            ("Edm.Binary", json!("aGVsbG8="), json!("not base64!")),
        ];
        for (edm, good, bad) in cases {
            assert!(fits(edm, good.clone()), "{edm} should take {good}");
            assert!(!fits(edm, bad.clone()), "{edm} should refuse {bad}");
        }
        assert!(fits("Edm.GeographyPoint", json!({"type": "Point"})));
    }
}
