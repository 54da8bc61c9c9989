//! Phone numbers: mainland mobile numbers and landlines.

use super::text::normalize_cell;

/// Validates and normalises a phone number. Accepts an 11-digit mobile
/// number (1[3-9]…), optionally with `+86`/`86` and separators, and a
/// landline such as `0371-12345678` (with an optional extension).
pub fn parse(raw: &str) -> Result<String, String> {
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
        return Err("may hold only digits, spaces, '-' and a leading +86".into());
    }
    if digits.len() == 11 && digits.starts_with('1') {
        if !matches!(digits.as_bytes()[1], b'3'..=b'9') {
            return Err(format!(
                "{digits} is not a mobile number (the second digit must be 3-9)"
            ));
        }
        return Ok(digits.to_string());
    }
    if digits.starts_with('0') && (10..=12).contains(&digits.len()) {
        // keep the separator the school wrote for a landline
        return Ok(s.replace(' ', ""));
    }
    if digits.len() == 11 {
        return Err(format!(
            "{digits} is not a mobile number (must start with 1)"
        ));
    }
    Err(format!(
        "has {} digits; a mobile number has 11, a landline starts with an area code",
        digits.len()
    ))
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
