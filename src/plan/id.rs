//! Plan and item ids: `[a-z0-9][a-z0-9-]{0,63}`, and so safe file names
//! on every system the secretaries use.

use crate::plan::model::ID_PATTERN;

/// Whether `id` is a valid id (and so a safe file name).
pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    debug_assert_eq!(ID_PATTERN, "^[a-z0-9][a-z0-9-]{0,63}$");
    !bytes.is_empty()
        && bytes.len() <= 64
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Whether `id` is a name Windows reserves for a device (`con`, `nul`,
/// `com1` …): `plans/con.json` cannot be opened there, on the secretaries'
/// PCs, even when it can be made elsewhere.
pub fn is_reserved_name(id: &str) -> bool {
    let stem = id.split('.').next().unwrap_or(id);
    matches!(stem, "con" | "prn" | "aux" | "nul" | "conin$" | "conout$")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}
