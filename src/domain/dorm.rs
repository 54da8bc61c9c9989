//! Residences: buildings, rooms and beds, and how schools write them.

/// The floor a room number implies: `512` -> 5, `1203` -> 12, `A305` -> 3.
pub fn floor_of(room: &str) -> Option<i32> {
    let digits: String = room
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.len() < 3 {
        return None;
    }
    digits[..digits.len() - 2].parse().ok()
}

/// A bed label as schools write it: `1号床`, `1床`, `01`, `A` -> `1`, `1`, `1`, `A`.
pub fn normalize_bed(s: &str) -> String {
    let t = s.trim().trim_start_matches("床位").trim_start_matches('床');
    let t = t
        .trim_end_matches("号床")
        .trim_end_matches('床')
        .trim_end_matches('号')
        .trim();
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        let z = t.trim_start_matches('0');
        return if z.is_empty() { "0".into() } else { z.into() };
    }
    t.to_string()
}

/// A room number as schools write it: strips `室`, `房` and spaces.
pub fn normalize_room(s: &str) -> String {
    s.trim()
        .trim_end_matches('室')
        .trim_end_matches('房')
        .trim()
        .to_string()
}

/// The short form of a building name used in room keys: the number of a
/// building named by number (`3号楼`, `10栋`, `3#` -> `3`, `10`, `3`), else
/// the name itself (`梅园` stays `梅园`).
pub fn building_short(name: &str) -> String {
    let digits: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if !digits.is_empty()
        && name
            .chars()
            .filter(|c| !c.is_ascii_alphanumeric())
            .all(|c| "号楼栋幢舍#-".contains(c))
    {
        return digits;
    }
    name.to_string()
}

/// The key a room is searched and shown by: `3-512`.
pub fn room_key(building: &str, room: &str) -> String {
    format!("{}-{}", building_short(building), room)
}

/// Splits a combined dorm cell (`3-512`, `3#512`, `3栋512`, `3号楼512`)
/// into building and room.
pub fn split_combined(s: &str) -> Option<(String, String)> {
    let t = s.trim();
    // plain separators first: `3号楼-512` is building 3号楼, room 512
    for sep in ["-", "#", " ", "号楼", "栋", "幢"] {
        if let Some((b, r)) = t.split_once(sep) {
            let b = b.trim();
            let r = normalize_room(r);
            if !b.is_empty() && !r.is_empty() {
                let b = if sep == "-" || sep == "#" || sep == " " {
                    b.to_string()
                } else {
                    format!("{b}{sep}")
                };
                return Some((b, r));
            }
        }
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DormRoom {
    pub id: i64,
    pub building_id: i64,
    pub building: String,
    pub number: String,
    pub floor: Option<i32>,
    pub capacity: Option<i64>,
    pub gender: Option<super::student::Gender>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors() {
        assert_eq!(floor_of("512"), Some(5));
        assert_eq!(floor_of("1203"), Some(12));
        assert_eq!(floor_of("A305"), Some(3));
        assert_eq!(floor_of("12"), None);
    }

    #[test]
    fn beds() {
        assert_eq!(normalize_bed("1号床"), "1");
        assert_eq!(normalize_bed("01"), "1");
        assert_eq!(normalize_bed("3床"), "3");
        assert_eq!(normalize_bed("A"), "A");
        assert_eq!(normalize_bed("0"), "0");
    }

    #[test]
    fn keys_and_combined_cells() {
        assert_eq!(room_key("3号楼", "512"), "3-512");
        assert_eq!(room_key("梅园", "101"), "梅园-101");
        assert_eq!(room_key("10栋", "101"), "10-101");
        assert_eq!(split_combined("3-512"), Some(("3".into(), "512".into())));
        assert_eq!(
            split_combined("3号楼512"),
            Some(("3号楼".into(), "512".into()))
        );
        assert_eq!(split_combined("512"), None);
    }
}
