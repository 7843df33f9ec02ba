//! serde_json's error messages, read back into kinds of problem and put into words in Chinese and
//! English, for any file format that parses JSON.
//!
//! serde_json says what went wrong in one English sentence (`invalid type: string "10", expected
//! u32 at line 12 column 20`). This module strips the position (the caller reports it, with the
//! path from [`crate::json_path`]), tells a syntax problem from a data problem, and turns serde's
//! words for types and values (`u32`, `struct Customer`; `string "10"`, `map`) into words a
//! seller understands in both languages.

use crate::text::Text;
use serde_json::Value;

/// The most characters of a field name kept in a message.
const NAME_CHARS: usize = 64;

/// A file format's kinds of problem, as [`syntax`] and [`data`] make them: each format's error
/// kind implements it, so this module names no format.
pub(crate) trait Problem {
    /// The JSON ends too early: a truncated download or copy.
    fn truncated() -> Self;
    /// Nested more than serde_json's 128 levels.
    fn too_deep() -> Self;
    /// A number too large for any JSON number (e.g. `1e400`).
    fn number_too_large() -> Self;
    /// Any other syntax error: the parser's own words.
    fn not_json(detail: String) -> Self;
    fn missing_field(field: String) -> Self;
    fn unknown_field(field: String) -> Self;
    /// A value of the wrong JSON type, both in serde's words (see [`expected_text`] and
    /// [`found_text`]).
    fn wrong_type(expected: String, found: String) -> Self;
    /// A number that does not fit an integer field: the field's type in serde's words and the
    /// number as serde shows it.
    fn bad_number(expected: String, found: String) -> Self;
    /// Any other value the field does not accept.
    fn invalid(detail: String) -> Self;
}

/// `s` cut to `max_chars` characters, with `…` when cut: for values quoted in messages.
pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
    match s
        .char_indices()
        .nth(max_chars)
        .and_then(|(i, _)| s.get(..i))
    {
        Some(head) => format!("{head}…"),
        None => s.to_string(),
    }
}

/// serde_json's message without its ` at line L column C` tail.
pub(crate) fn bare_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&tail).unwrap_or(&full).to_string()
}

/// The kind of a syntax error (an error from parsing text into a [`Value`]).
pub(crate) fn syntax<P: Problem>(e: &serde_json::Error) -> P {
    let msg = bare_message(e);
    if e.is_eof() {
        P::truncated()
    } else if msg.starts_with("recursion limit exceeded") {
        P::too_deep()
    } else if msg.starts_with("number out of range") {
        P::number_too_large()
    } else {
        P::not_json(truncate(&msg, 200))
    }
}

/// The kind of a data error (an error from reading well-formed JSON into a type).
pub(crate) fn data<P: Problem>(e: &serde_json::Error) -> P {
    let msg = bare_message(e);
    if let Some(field) = between(&msg, "missing field `", '`') {
        return P::missing_field(truncate(field, NAME_CHARS));
    }
    if let Some(field) = between(&msg, "unknown field `", '`') {
        return P::unknown_field(truncate(field, NAME_CHARS));
    }
    for (prefix, is_type) in [("invalid type: ", true), ("invalid value: ", false)] {
        let Some(rest) = msg.strip_prefix(prefix) else {
            continue;
        };
        let Some((found, expected)) = rest.rsplit_once(", expected ") else {
            continue;
        };
        let numeric = found.starts_with("integer") || found.starts_with("floating point");
        if numeric && is_integer_type(expected) {
            let shown = between(found, "integer `", '`')
                .or_else(|| between(found, "floating point `", '`'))
                .unwrap_or(found);
            return P::bad_number(truncate(expected, 40), truncate(shown, 40));
        }
        if is_type {
            return P::wrong_type(truncate(expected, 60), truncate(found, 60));
        }
    }
    P::invalid(truncate(&msg, 200))
}

/// The number literal ending at `line`, `column` (1-based, the column counting bytes, as
/// serde_json reports the position just after a value it rejected): the number as written in the
/// file, not as serde re-formatted it.
pub(crate) fn number_before(text: &str, line: usize, column: usize) -> Option<&str> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let end = start.checked_add(column)?;
    let bytes = text.as_bytes().get(start..end)?;
    let is_num = |b: &u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    let len = bytes.iter().rev().take_while(|b| is_num(b)).count();
    let literal = text.get(end - len..end)?;
    literal
        .bytes()
        .any(|b| b.is_ascii_digit())
        .then_some(literal)
}

fn between<'a>(s: &'a str, open: &str, close: char) -> Option<&'a str> {
    let rest = s.strip_prefix(open)?;
    rest.split_once(close).map(|(inside, _)| inside)
}

fn is_integer_type(expected: &str) -> bool {
    matches!(
        expected,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
    )
}

/// What a JSON value is, in English: `null`, `a boolean`, `a number`, `a string`, `a list`,
/// `an object` (see [`kind_zh`]).
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// [`json_kind`]'s words in Chinese.
pub(crate) fn kind_zh(en: &str) -> &'static str {
    match en {
        "null" => " null",
        "a boolean" => "布尔值",
        "a number" => "数字",
        "a string" => "文本",
        "a list" => "列表",
        _ => "对象",
    }
}

/// A JSON value in serde's words, for [`found_text`].
pub(crate) fn unexpected(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {:?}", truncate(s, 40)),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

/// What a field expects, from serde's words (`u32`, `a string`, `struct Customer`…).
pub(crate) fn expected_text(expected: &str) -> Text {
    let whole = |min: &str, max: &str| {
        Text::new(
            format!(" {min} 到 {max} 之间的整数"),
            format!("a whole number from {min} to {max}"),
        )
    };
    match expected {
        "u8" => whole("0", "255"),
        "u16" => whole("0", "65535"),
        "u32" => whole("0", "4294967295"),
        "u64" | "usize" => whole("0", "18446744073709551615"),
        "i32" => whole("-2147483648", "2147483647"),
        "i64" | "isize" => whole("-9223372036854775808", "9223372036854775807"),
        "a string" => Text::new("文本（字符串）", "text (a string)"),
        "a boolean" => Text::new(" true 或 false", "true or false"),
        "a sequence" => Text::new("列表（数组）", "a list (array)"),
        e if e.starts_with("struct ") || e == "a map" || e.starts_with("internally tagged") => {
            Text::new("对象", "an object")
        }
        other => Text::new(format!(" {other}"), other.to_string()),
    }
}

/// What a file holds instead, from serde's words (`string "10"`, `integer `-1``, `map`…).
pub(crate) fn found_text(found: &str) -> Text {
    let found = truncate(found, 60);
    let (zh, en) = if found == "null" || found == "unit value" {
        (" null".to_string(), "null".to_string())
    } else if found == "sequence" {
        ("列表".to_string(), "a list".to_string())
    } else if found == "map" {
        ("对象".to_string(), "an object".to_string())
    } else if let Some(v) = between(&found, "integer `", '`') {
        (format!("整数 {v}"), format!("the integer {v}"))
    } else if let Some(v) = between(&found, "floating point `", '`') {
        (format!("小数 {v}"), format!("the number {v}"))
    } else if let Some(v) = between(&found, "boolean `", '`') {
        (format!(" {v}"), v.to_string())
    } else if let Some(v) = found.strip_prefix("string ") {
        (format!("文本 {v}"), format!("the text {v}"))
    } else {
        (format!(" {found}"), found.clone())
    };
    Text::new(zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_serde_location() {
        let e = serde_json::from_str::<u32>("-1").unwrap_err();
        assert_eq!(
            bare_message(&e),
            "invalid value: integer `-1`, expected u32"
        );
    }

    /// The kinds in words, for the tests.
    #[derive(Debug, PartialEq)]
    enum Kind {
        Truncated,
        TooDeep,
        NumberTooLarge,
        NotJson(String),
        MissingField(String),
        UnknownField(String),
        WrongType(String, String),
        BadNumber(String, String),
        Invalid(String),
    }

    impl Problem for Kind {
        fn truncated() -> Self {
            Kind::Truncated
        }
        fn too_deep() -> Self {
            Kind::TooDeep
        }
        fn number_too_large() -> Self {
            Kind::NumberTooLarge
        }
        fn not_json(detail: String) -> Self {
            Kind::NotJson(detail)
        }
        fn missing_field(field: String) -> Self {
            Kind::MissingField(field)
        }
        fn unknown_field(field: String) -> Self {
            Kind::UnknownField(field)
        }
        fn wrong_type(expected: String, found: String) -> Self {
            Kind::WrongType(expected, found)
        }
        fn bad_number(expected: String, found: String) -> Self {
            Kind::BadNumber(expected, found)
        }
        fn invalid(detail: String) -> Self {
            Kind::Invalid(detail)
        }
    }

    #[test]
    fn tells_the_kinds_of_data_error() {
        let e = serde_json::from_str::<u32>("-1").unwrap_err();
        assert_eq!(data::<Kind>(&e), Kind::BadNumber("u32".into(), "-1".into()));
        let e = serde_json::from_str::<u32>("\"10\"").unwrap_err();
        assert_eq!(
            data::<Kind>(&e),
            Kind::WrongType("u32".into(), "string \"10\"".into())
        );
        let e = serde_json::from_str::<Value>("[1, ").unwrap_err();
        assert_eq!(syntax::<Kind>(&e), Kind::Truncated);
        let e = serde_json::from_str::<Value>("[1, }").unwrap_err();
        assert!(matches!(syntax::<Kind>(&e), Kind::NotJson(_)));
        let e = serde_json::from_str::<Vec<u8>>("{}").unwrap_err();
        assert!(matches!(data::<Kind>(&e), Kind::WrongType(..)));
        let (deep, big) = ("[".repeat(200), "1e400");
        let e = serde_json::from_str::<Value>(&deep).unwrap_err();
        assert_eq!(syntax::<Kind>(&e), Kind::TooDeep);
        let e = serde_json::from_str::<Value>(big).unwrap_err();
        assert_eq!(syntax::<Kind>(&e), Kind::NumberTooLarge);
    }

    #[test]
    fn finds_the_number_as_written() {
        assert_eq!(number_before("{\"q\": 1e30}", 1, 10), Some("1e30"));
        assert_eq!(number_before("{\n\"q\": -7}", 2, 7), Some("-7"));
        assert_eq!(number_before("{\"q\": true}", 1, 10), None);
    }

    #[test]
    fn cuts_long_values() {
        assert_eq!(truncate("杭州市数据", 3), "杭州市…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
