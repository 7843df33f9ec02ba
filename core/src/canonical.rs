//! The canonical serialized form: compact JSON, struct fields in declaration order, maps ordered
//! by key, integers only. The same value always gives the same bytes, natively and in the browser,
//! so a digest or a signature can cover it.

use serde::Serialize;

/// The canonical bytes of any core value (quote, priced result…).
pub fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    // Core values hold only strings, integers, booleans, sequences and string-keyed BTreeMaps,
    // none of which can fail to serialize.
    serde_json::to_vec(value).unwrap_or_default()
}

/// The canonical form as a string.
pub fn to_string<T: Serialize>(value: &T) -> String {
    String::from_utf8(to_bytes(value)).unwrap_or_default()
}
