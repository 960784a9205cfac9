//! "Now" (overridable by `COORD_NOW`), timestamps and durations such as `4h` or `2d`.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::error::{Error, Result};

/// The current time, or `COORD_NOW` (RFC 3339) when set.
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var("COORD_NOW") {
        Ok(value) if !value.trim().is_empty() => parse_time(value.trim()).ok_or_else(|| {
            Error::usage(
                format!("COORD_NOW is not an RFC 3339 timestamp: {value:?}"),
                Some("use a form like 2026-01-31T09:00:00Z".to_owned()),
            )
        }),
        _ => Ok(Utc::now()),
    }
}

/// Parse an RFC 3339 timestamp.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Format a timestamp as RFC 3339 UTC with second precision (`2026-01-31T09:00:00Z`).
pub fn format_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parse a duration like `30m`, `4h`, `2d`, `1w`, `1d4h` into minutes.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut total = 0i64;
    let mut number = String::new();
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            number.push(ch);
            continue;
        }
        let value: i64 = number.parse().ok()?;
        number.clear();
        let unit = match ch {
            'm' => 1,
            'h' => 60,
            'd' => 60 * 24,
            'w' => 60 * 24 * 7,
            _ => return None,
        };
        total = total.checked_add(value.checked_mul(unit)?)?;
    }
    if !number.is_empty() {
        return None;
    }
    Some(total)
}

/// Format minutes compactly: `45m`, `4h`, `1d2h`, `2h30m`.
pub fn format_duration(minutes: i64) -> String {
    let minutes = minutes.max(0);
    if minutes == 0 {
        return "0m".to_owned();
    }
    let days = minutes / (60 * 24);
    let hours = (minutes % (60 * 24)) / 60;
    let mins = minutes % 60;
    let mut out = String::new();
    if days > 0 {
        out.push_str(&format!("{days}d"));
    }
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if mins > 0 && days == 0 {
        out.push_str(&format!("{mins}m"));
    }
    if out.is_empty() {
        out.push_str(&format!("{days}d"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip() {
        assert_eq!(parse_duration("4h"), Some(240));
        assert_eq!(parse_duration("1d4h"), Some(1680));
        assert_eq!(parse_duration("2w"), Some(20160));
        assert_eq!(parse_duration("4"), None);
        assert_eq!(parse_duration("4x"), None);
        assert_eq!(format_duration(150), "2h30m");
        assert_eq!(format_duration(1680), "1d4h");
        assert_eq!(format_duration(45), "45m");
    }
}
