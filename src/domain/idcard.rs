//! Resident identity card numbers (居民身份证号码, GB 11643-1999).

use super::text::normalize_cell;
use crate::error::Msg;

/// Why an ID number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    Length(usize),
    Characters,
    BirthDate,
    Checksum { expected: char, found: char },
}

impl std::fmt::Display for IdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdError::Length(n) => write!(f, "has {n} characters; an ID number has 18"),
            IdError::Characters => write!(f, "must be 17 digits followed by a digit or X"),
            IdError::BirthDate => write!(f, "holds an impossible birth date (digits 7-14)"),
            IdError::Checksum { expected, found } => write!(
                f,
                "checksum digit is {found} but should be {expected}: a digit is mistyped"
            ),
        }
    }
}

impl IdError {
    /// What to tell the person who typed `value`.
    pub fn msg(&self, value: &str) -> Msg {
        let m = |key: &'static str| Msg::new(key).with("value", value.trim());
        match self {
            IdError::Length(n) => m("err.import.id_length").with("n", n),
            IdError::Characters => m("err.import.id_chars"),
            IdError::BirthDate => m("err.import.id_birth"),
            IdError::Checksum { expected, found } => m("err.import.id_checksum")
                .with("found", found)
                .with("expected", expected),
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for the first 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    Some(CHECK[(sum % 11) as usize])
}

/// Validates and normalises an 18-character ID number (upper-case X).
pub fn parse(raw: &str) -> Result<String, IdError> {
    let s = normalize_cell(raw).replace(' ', "").to_ascii_uppercase();
    let n = s.chars().count();
    if n != 18 {
        return Err(IdError::Length(n));
    }
    let (body, last) = s.split_at(17);
    if !body.chars().all(|c| c.is_ascii_digit())
        || !(last == "X" || last.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(IdError::Characters);
    }
    let y: i32 = body[6..10].parse().map_err(|_| IdError::BirthDate)?;
    let m: u32 = body[10..12].parse().map_err(|_| IdError::BirthDate)?;
    let d: u32 = body[12..14].parse().map_err(|_| IdError::BirthDate)?;
    if !(1900..=2100).contains(&y) || chrono::NaiveDate::from_ymd_opt(y, m, d).is_none() {
        return Err(IdError::BirthDate);
    }
    let expected = check_char(body).ok_or(IdError::Characters)?;
    let found = last.chars().next().unwrap_or(' ');
    if expected != found {
        return Err(IdError::Checksum { expected, found });
    }
    Ok(s)
}

/// Masked for display: only the last four characters shown.
pub fn mask(id: &str) -> String {
    let n = id.chars().count();
    if n <= 4 {
        return "*".repeat(n);
    }
    let tail: String = id.chars().skip(n - 4).collect();
    format!("{}{}", "*".repeat(n - 4), tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_pass_and_are_normalised() {
        // 11010519491231002X is the example of GB 11643.
        assert_eq!(parse("11010519491231002x").unwrap(), "11010519491231002X");
        assert_eq!(
            parse("１１０１０５１９４９１２３１００２Ｘ").unwrap(),
            "11010519491231002X"
        );
        let body = "44030420030715123";
        let full = format!("{body}{}", check_char(body).unwrap());
        assert_eq!(parse(&full).unwrap(), full);
    }

    #[test]
    fn wrong_checksum_length_date_and_characters_are_refused() {
        assert_eq!(
            parse("110105194912310021"),
            Err(IdError::Checksum {
                expected: 'X',
                found: '1'
            })
        );
        assert_eq!(parse("1101051949123100"), Err(IdError::Length(16)));
        assert_eq!(parse("11010519491331002X"), Err(IdError::BirthDate));
        assert_eq!(parse("1101051949123A002X"), Err(IdError::Characters));
        assert!(parse("110105194902300021").is_err(), "30 February");
    }

    #[test]
    fn masking_keeps_last_four() {
        assert_eq!(mask("11010519491231002X"), "**************002X");
        assert_eq!(mask("12"), "**");
    }
}
