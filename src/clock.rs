//! Timestamps as written in files, and durations such as `4h` or `2d`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time as a status file writes it: the text is kept as written, so rewriting a file
/// never reformats a time it did not change; `at` is what it means (None when it does not parse,
/// which lint reports as `invalid-timestamp`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    /// Inline: an RFC 3339 time as coord writes it is 20 bytes.
    text: compact_str::CompactString,
    at: Option<DateTime<Utc>>,
}

impl Stamp {
    /// A time coord writes: RFC 3339 UTC with seconds.
    pub fn new(at: DateTime<Utc>) -> Stamp {
        Stamp {
            text: format_time(at).into(),
            at: Some(at),
        }
    }

    /// A time as written in a file.
    pub fn parse(text: &str) -> Stamp {
        Stamp {
            text: text.into(),
            at: parse_time(text),
        }
    }

    /// What it means, when it parses.
    pub fn at(&self) -> Option<DateTime<Utc>> {
        self.at
    }

    /// As written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Stamp, D::Error> {
        // As transient text: the parse cache's streamed reader lends each string for a moment.
        crate::inline::text(deserializer).map(|t| Stamp::parse(&t))
    }
}

/// Parse an RFC 3339 timestamp.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Parse a deadline: a date (`2026-12-01`, meaning the end of that day, UTC) or an RFC 3339 time.
pub fn parse_due(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Some(at) = parse_time(text) {
        return Some(at);
    }
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(23, 59, 59)?.and_utc())
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
    fn stamps_keep_their_text_and_know_their_time() {
        let written = Stamp::parse("2026-01-31T10:00:00+01:00");
        assert_eq!(written.as_str(), "2026-01-31T10:00:00+01:00");
        assert_eq!(written.at(), parse_time("2026-01-31T09:00:00Z"));
        assert_eq!(Stamp::parse("soon").at(), None);
        let made = Stamp::new(parse_time("2026-01-31T09:00:00Z").unwrap());
        assert_eq!(made.as_str(), "2026-01-31T09:00:00Z");
    }

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
