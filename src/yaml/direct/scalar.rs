//! How YAML reads a plain scalar, as far as the direct path needs to know.

use granit_parser::ScalarStyle;

/// A plain scalar that YAML reads as null.
pub(super) fn is_null(text: &str, style: ScalarStyle) -> bool {
    style == ScalarStyle::Plain && matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar YAML reads as a number that is not finite: `.inf` or `.nan` in any of YAML's
/// spellings, or a float too large for 64 bits (`1e999`). serde-saphyr refuses these even where
/// the value is ignored.
pub(super) fn special_float(text: &str, style: ScalarStyle) -> bool {
    if style != ScalarStyle::Plain {
        return false;
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let numeric = unsigned
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.');
    unsigned.eq_ignore_ascii_case(".inf")
        || unsigned.eq_ignore_ascii_case(".nan")
        || numeric
            && text
                .replace('_', "")
                .parse::<f64>()
                .is_ok_and(|f| f.is_infinite())
}

/// A plain scalar whose type YAML's schema could decide otherwise than "text": numbers, dates,
/// booleans of either YAML version, special floats.
pub(super) fn may_be_typed(text: &str) -> bool {
    let first = text.as_bytes().first().copied().unwrap_or(b'0');
    first.is_ascii_digit()
        || matches!(first, b'+' | b'-' | b'.')
        || matches!(
            text.to_ascii_lowercase().as_str(),
            "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
}

/// A plain decimal integer as YAML's core schema reads it: no sign but `-`, no leading zero.
pub(super) fn decimal(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_are_told_apart() {
        assert!(is_null("~", ScalarStyle::Plain) && is_null("", ScalarStyle::Plain));
        assert!(!is_null("null", ScalarStyle::DoubleQuoted));
        assert!(
            special_float("-.Inf", ScalarStyle::Plain) && special_float(".NAN", ScalarStyle::Plain)
        );
        assert!(!special_float(".inf", ScalarStyle::SingleQuoted));
        assert!(
            special_float("1e999", ScalarStyle::Plain)
                && special_float("-1.5E+400", ScalarStyle::Plain)
        );
        assert!(
            !special_float("1e300", ScalarStyle::Plain)
                && !special_float("Infinity", ScalarStyle::Plain)
        );
        for typed in ["12", "-x", ".5", "Yes", "off", "2026-11-24"] {
            assert!(may_be_typed(typed), "{typed}");
        }
        assert!(!may_be_typed("ATOM-001") && !may_be_typed("web/*.rs"));
        assert_eq!(decimal("0"), Some(0));
        assert_eq!(decimal("-42"), Some(-42));
        for not in ["012", "+1", "1_000", "0x1f", "-", ""] {
            assert_eq!(decimal(not), None, "{not}");
        }
    }
}
