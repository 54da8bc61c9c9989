//! Phone numbers: mainland mobile numbers and landlines.

use super::text::normalize_cell;
use crate::error::Msg;

/// Validates and normalises a phone number. Accepts an 11-digit mobile
/// number (1[3-9]…), optionally with `+86`/`86` and separators, and a
/// landline such as `0371-12345678` (with an optional extension).
pub fn parse(raw: &str) -> Result<String, Msg> {
    let bad = |key: &'static str| Msg::new(key).with("value", raw.trim());
    let s = normalize_cell(raw);
    let compact: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let digits = compact
        .strip_prefix("+86")
        .or_else(|| compact.strip_prefix("0086"))
        .unwrap_or(&compact);
    let digits = if digits.len() == 13 && digits.starts_with("86") {
        &digits[2..]
    } else {
        digits
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad("err.import.phone_chars"));
    }
    if digits.len() == 11 && digits.starts_with('1') {
        if !matches!(digits.as_bytes()[1], b'3'..=b'9') {
            return Err(bad("err.import.phone_second"));
        }
        return Ok(digits.to_string());
    }
    if digits.starts_with('0') && (10..=12).contains(&digits.len()) {
        // keep the separator the school wrote for a landline
        return Ok(s.replace(' ', ""));
    }
    if digits.len() == 11 {
        return Err(bad("err.import.phone_first"));
    }
    Err(bad("err.import.phone_len").with("n", digits.len()))
}

/// Masked for display: `138****1234`.
pub fn mask(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let n = chars.len();
    if n < 7 {
        return "*".repeat(n);
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[n - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(n - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers() {
        assert_eq!(parse("13812341234").unwrap(), "13812341234");
        assert_eq!(parse("+86 138-1234-1234").unwrap(), "13812341234");
        assert_eq!(parse("１３８１２３４１２３４").unwrap(), "13812341234");
        assert!(parse("12812341234").is_err());
        assert!(parse("1381234123").is_err());
        assert!(parse("138l2341234").is_err());
    }

    #[test]
    fn landlines() {
        assert_eq!(parse("0371-12345678").unwrap(), "0371-12345678");
        assert!(parse("12345678").is_err());
    }

    #[test]
    fn mask_shape() {
        assert_eq!(mask("13812341234"), "138****1234");
        assert_eq!(mask("0371-12345678"), "037******5678");
    }
}
