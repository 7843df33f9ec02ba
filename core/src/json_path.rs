//! Where in a JSON file a data error happened, as a path such as `offerings[3].tiers[1].mrc`.
//!
//! serde_json reports a data error (a wrong type, a missing or unknown field, a number out of
//! range) at the line and column just after what it had read when the error arose. Reading the
//! text again up to there, keeping the stack of open objects and arrays, names the path. This
//! takes one small loop instead of a tracking deserializer around every type the files hold.

use serde_json::error::Category;

/// The path of a data error in `text`; `None` at the document root and when `error` is not a
/// data error (a syntax error or an early end of file): there the line and column say it all.
pub(crate) fn of_error(text: &str, error: &serde_json::Error) -> Option<String> {
    if error.classify() != Category::Data {
        return None;
    }
    Some(at(text, offset(text, error.line(), error.column())?)).filter(|p| !p.is_empty())
}

/// The byte offset of (line, column) as serde_json counts them: lines from 1, columns as the
/// bytes read on that line.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .nth(line - 2)?
            .0
            + 1
    };
    Some((start + column).min(text.len()))
}

/// One open object or array.
enum Frame {
    /// The last key read in this object, once its closing quote has been read.
    Object(Option<String>),
    /// The index of the element being read (or last read), once one has started.
    Array(Option<usize>),
}

/// The path at byte `end` of `text`, which serde_json has read without a syntax error (empty at
/// the document root).
fn at(text: &str, end: usize) -> String {
    let bytes = &text.as_bytes()[..end.min(text.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b':' | b',') {
            i += 1;
            continue;
        }
        let is_key =
            matches!(stack.last(), Some(Frame::Object(_))) && b == b'"' && key_expected(bytes, i);
        if !is_key {
            if let Some(Frame::Array(index)) = stack.last_mut() {
                if b != b']' {
                    *index = Some(index.map_or(0, |n| n + 1));
                }
            }
        }
        match b {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(None)),
            b'}' | b']' => {
                stack.pop();
            }
            b'"' => {
                let close = string_end(bytes, i);
                if is_key {
                    let key = text
                        .get(i..close.min(bytes.len()))
                        .and_then(|raw| serde_json::from_str::<String>(raw).ok());
                    if let (Some(Frame::Object(last)), Some(key)) = (stack.last_mut(), key) {
                        *last = Some(key);
                    }
                }
                i = close;
                continue;
            }
            _ => {
                // A number or a literal: skip to the next structural character.
                while i + 1 < bytes.len()
                    && !matches!(
                        bytes[i + 1],
                        b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'
                    )
                {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    path_of(&stack)
}

/// In an object, a string at `i` is a key when the last structural character before it is `{`
/// or `,` (after `:` it is a value).
fn key_expected(bytes: &[u8], i: usize) -> bool {
    bytes[..i]
        .iter()
        .rev()
        .find(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
        .is_some_and(|b| matches!(b, b'{' | b','))
}

/// The index just past the closing quote of the string that opens at `i` (or the end of the
/// bytes when it is not closed yet).
fn string_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    bytes.len()
}

fn path_of(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array(Some(index)) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            Frame::Object(None) | Frame::Array(None) => {}
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        items: Vec<Item>,
        days: u32,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        id: String,
        mrc: i64,
    }

    fn path(text: &str) -> Option<String> {
        let e = serde_json::from_str::<Doc>(text).expect_err("a data error");
        of_error(text, &e)
    }

    #[test]
    fn a_good_document_parses() {
        let doc: Doc = serde_json::from_str(r#"{"items": [{"id": "a", "mrc": 1}], "days": 2}"#)
            .expect("a good document");
        assert_eq!(
            (doc.items[0].id.as_str(), doc.items[0].mrc, doc.days),
            ("a", 1, 2)
        );
    }

    #[test]
    fn names_the_place_of_each_kind_of_data_error() {
        let two = r#"{"items": [{"id": "a", "mrc": 1}, {"id": "b", "mrc": "#;
        assert_eq!(
            path(&format!("{two}\"x\"}}], \"days\": 1}}")).as_deref(),
            Some("items[1].mrc")
        );
        assert_eq!(
            path(&format!("{two}1}}], \"days\": -1}}")).as_deref(),
            Some("days")
        );
        assert_eq!(
            path(&format!("{two}1, \"colour\": 2}}], \"days\": 1}}")).as_deref(),
            Some("items[1].colour")
        );
        assert_eq!(
            path(r#"{"items": [{"id": "a, \"b\" [x]"}], "days": 1}"#).as_deref(),
            Some("items[0]")
        );
        assert_eq!(
            path(r#"{"items": []}"#),
            None,
            "the root: the line and column say it"
        );
        assert_eq!(
            path("{\n  \"items\": [\n    {\"id\": \"\\u00e9\", \"mrc\": true}\n  ]\n}").as_deref(),
            Some("items[0].mrc")
        );
    }

    proptest::proptest! {
        /// Any text, cut anywhere, gives a path without panicking.
        #[test]
        fn never_panics(text in r#"[\[\]{}:,"\\a-z0-9 é\n]{0,60}"#, cut in 0usize..80) {
            let path = at(&text, cut);
            proptest::prop_assert!(!path.starts_with('.'));
        }
    }

    #[test]
    fn syntax_errors_have_no_path() {
        assert_eq!(path(r#"{"items": [}"#), None);
        assert_eq!(path(r#"{"items": "#), None);
    }
}
