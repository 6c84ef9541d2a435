//! Text made safe for a terminal. A data package is untrusted: a name or a
//! note holding ESC, a C1 control or a bidi override could move the cursor,
//! retitle the window, open a hyperlink (OSC 8) or reorder what the user
//! reads. Every writer for people (tables, `show`, `search`, Markdown,
//! charts, error messages, `check` reports) passes data through [`escape`];
//! CSV and JSON keep the data exact.
//!
//! Which characters are unsafe is [`is_unsafe`], defined beside the loader
//! so that `check` (below this layer) reports them as package problems.
//!
//! Escapes look as they do in error messages (Rust's debug style): `\n`,
//! `\t`, `\r`, `\0`, else `\u{1b}`. Backslashes are left alone, so escaping
//! twice changes nothing.

pub use crate::load::is_unsafe;
use std::borrow::Cow;
use std::fmt::Write;

/// `s` with every unsafe character ([`is_unsafe`]) written visibly;
/// borrowed when there is none.
pub fn escape(s: &str) -> Cow<'_, str> {
    let Some(first) = s.find(is_unsafe) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        push(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`escape`], but keeps line breaks: for messages of several lines
/// built by nkport itself (data inside them is already escaped, or is
/// escaped here).
pub fn escape_lines(s: &str) -> Cow<'_, str> {
    if !s.contains(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let lines: Vec<Cow<'_, str>> = s.split('\n').map(escape).collect();
    Cow::Owned(lines.join("\n"))
}

fn push(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\0' => out.push_str("\\0"),
        c if is_unsafe(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(escape("Rajin 라진 Раджин"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_are_visible() {
        assert_eq!(escape("a\x1b]0;x\x07b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(escape("a\nb\tc\rd\0"), "a\\nb\\tc\\rd\\0");
        assert_eq!(escape("\u{7f}\u{9b}31m"), "\\u{7f}\\u{9b}31m");
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(
            escape("x\u{200b}y\u{2066}z\u{feff}"),
            "x\\u{200b}y\\u{2066}z\\u{feff}"
        );
    }

    #[test]
    fn escaping_twice_changes_nothing() {
        let once = escape("\x1b[2J\\u{1b}").into_owned();
        assert_eq!(escape(&once), once);
    }

    #[test]
    fn lines_keep_line_breaks_only() {
        assert_eq!(escape_lines("a\x1b\nb"), "a\\u{1b}\nb");
        assert!(matches!(escape_lines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn no_unsafe_character_survives() {
        let all: String = (0..0x3000u32).filter_map(char::from_u32).collect();
        assert!(!escape(&all).contains(is_unsafe));
    }
}
