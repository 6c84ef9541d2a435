//! A located problem with a data package: the file, the line or record, the
//! field, and what was expected against what was found.

use std::fmt;
use std::path::Path;

/// A problem with one place in a data package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file as shown to the user.
    pub file: String,
    /// The 1-based line of the record, where known.
    pub line: Option<u64>,
    /// The 1-based record number in a JSON array, where known.
    pub record: Option<u64>,
    /// The column, where known.
    pub field: Option<String>,
    /// What was expected and what was found.
    pub message: String,
}

impl DataError {
    /// A problem with a whole file.
    pub fn file(path: &Path, message: impl Into<String>) -> DataError {
        DataError::at(path.display().to_string(), None, None, message)
    }

    /// A problem at a line and field of a file.
    pub fn at(
        file: impl Into<String>,
        line: Option<u64>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> DataError {
        DataError {
            file: file.into(),
            line,
            record: None,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

/// The longest message shown whole.
const MESSAGE_MAX: usize = 1000;

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match (self.record, self.line) {
            (Some(r), Some(l)) => write!(f, ": record {r} (line {l})")?,
            (Some(r), None) => write!(f, ": record {r}")?,
            (None, Some(l)) => write!(f, ":{l}")?,
            (None, None) => {}
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        // A value quoted whole (a 4 MB cell) is cut here, whatever made
        // the message.
        match self.message.char_indices().nth(MESSAGE_MAX) {
            Some((cut, _)) => write!(
                f,
                ": {}… (message cut at {MESSAGE_MAX} characters)",
                &self.message[..cut]
            ),
            None => write!(f, ": {}", self.message),
        }
    }
}

impl std::error::Error for DataError {}

/// Whether `c` must not reach a terminal as it is: C0 controls, DEL, C1
/// controls, bidi embeddings, overrides, isolates and marks, line and
/// paragraph separators, and invisible format characters (zero-width
/// spaces and joiners, word joiner, invisible operators, BOM, interlinear
/// annotation), and variation selectors, which can turn the character
/// before them into a wide emoji (`0` + U+FE0F) and so make a line wider
/// than the one measured.
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0100}'..='\u{e01ef}'
    )
}

/// A value for a message: quoted, escaped, and cut to 60 characters.
pub fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
        format!("{out:?} ({} characters)", s.chars().count())
    } else {
        format!("{out:?}")
    }
}
