//! Reading a JSON table: an array of objects with the table's field names.
//! Each record is decoded on its own, so an error names its record, line and
//! field, and the records after it are still read.

use super::{DataError, Located};
use crate::model::Record;
use serde_json::value::RawValue;
use std::io::Read;

type Decoded<T> = Vec<Result<Located<T>, DataError>>;

/// Reads a whole JSON table; returns its records and any unknown keys.
pub fn read_all<T: Record>(
    mut reader: Box<dyn Read>,
    display: &str,
) -> Result<(Decoded<T>, Vec<String>), DataError> {
    let whole = |line: Option<u64>, m: String| DataError::at(display, line, None, m);
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| whole(None, format!("cannot read: {e}")))?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(whole(None, "the file is UTF-16: expected UTF-8".into()));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    let text = std::str::from_utf8(body).map_err(|e| {
        let line = line_of(&body[..e.valid_up_to()]);
        whole(Some(line), "invalid UTF-8: expected UTF-8 text".into())
    })?;
    if text.trim().is_empty() {
        return Err(whole(
            Some(1),
            "the file is empty: expected a JSON array of objects".into(),
        ));
    }
    let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| {
        let msg = bare_message(&e);
        let what = if text.trim_start().starts_with('[') {
            format!("invalid JSON: {msg}")
        } else {
            format!(
                "expected a JSON array of objects, found {}",
                first_token(text)
            )
        };
        whole(Some(e.line() as u64), what)
    })?;
    let known: Vec<&str> = T::COLUMNS.iter().map(|c| c.name).collect();
    let mut extra: Vec<String> = Vec::new();
    let mut seen_extra: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(items.len());
    // Lines are counted on from the previous record: linear in the file.
    let (mut counted, mut line) = (0, 1);
    for (i, raw) in items.iter().enumerate() {
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        line += line_of(&text.as_bytes()[counted..offset]) - 1;
        counted = offset;
        let located = |field: Option<&str>, l: u64, m: String| DataError {
            file: display.to_string(),
            line: Some(l),
            record: Some(i as u64 + 1),
            field: field.map(str::to_string),
            message: m,
        };
        if !raw.get().trim_start().starts_with('{') {
            out.push(Err(located(
                None,
                line,
                format!("expected an object, found {}", first_token(raw.get())),
            )));
            continue;
        }
        if let Ok(obj) = serde_json::from_str::<
            std::collections::BTreeMap<String, serde::de::IgnoredAny>,
        >(raw.get())
        {
            for key in obj.keys() {
                if !known.contains(&key.as_str()) && seen_extra.insert(key.clone()) {
                    extra.push(key.clone());
                }
            }
        }
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let row = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let field = path
                .split(['.', '['])
                .next()
                .filter(|f| !f.is_empty() && *f != "?");
            let inner = e.inner();
            located(
                field,
                line + inner.line().saturating_sub(1) as u64,
                bare_message(inner),
            )
        });
        out.push(row.map(|row| Located { row, line }));
    }
    Ok((out, extra))
}

/// serde_json's message without its own " at line L column C" suffix,
/// with Rust type names put in words.
fn bare_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = full.strip_suffix(&suffix).unwrap_or(&full);
    let mut msg = msg.to_string();
    for (rust, words) in [
        ("expected f64", "expected a number"),
        ("expected u32", "expected a whole number of 0 or more"),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected a string", "expected text (a JSON string)"),
        ("invalid type: ", ""),
    ] {
        msg = msg.replace(rust, words);
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        msg = format!("missing field {rest}: expected every required field of the table");
    }
    msg
}

fn line_of(prefix: &[u8]) -> u64 {
    prefix.iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

fn first_token(text: &str) -> String {
    let t = text.trim_start();
    let kind = match t.chars().next() {
        Some('{') => "an object",
        Some('[') => "an array",
        Some('"') => "a string",
        Some('t' | 'f') => "a boolean",
        Some('n') => "null",
        Some(c) if c == '-' || c.is_ascii_digit() => "a number",
        _ => "something else",
    };
    kind.to_string()
}
