//! Colour for people on a terminal, in the conventions of fd and ripgrep:
//! on only when stdout is a terminal and `NO_COLOR` is unset, or when asked
//! for with `--color always`; never in a pipe or a file unless forced.
//!
//! What is coloured: certainty by strength (stated green down to speculated
//! magenta), ids dim, headings bold, warnings and conflict marks bold red.
//! Colour is added after text is escaped, measured and cut, so it never
//! changes a layout.

use anstyle::{AnsiColor, Style};
use std::io::IsTerminal;

/// When to colour output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    /// Always, even in a pipe or a file.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour output written to stdout (`to_file`: to `-o FILE`).
    pub fn enabled(self, to_file: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                !to_file
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// What a piece of text is, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Not coloured.
    Plain,
    /// An id: dim.
    Id,
    /// A heading or column name: bold.
    Heading,
    /// A warning or conflict mark: bold red.
    Warning,
    /// A note about the output (hidden columns, more hits): dim.
    Note,
    /// A certainty value, coloured by its strength.
    Certainty,
}

/// Paints text, or leaves it alone when colour is off.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paint {
    on: bool,
}

impl Paint {
    /// A painter that colours when `on`.
    pub fn new(on: bool) -> Paint {
        Paint { on }
    }

    /// Whether colour is on.
    pub fn on(self) -> bool {
        self.on
    }

    /// `text` in the colour of `role` (text is already escaped and fitted).
    pub fn paint(self, role: Role, text: &str) -> String {
        let style = match role {
            _ if !self.on || text.trim().is_empty() => return text.to_string(),
            Role::Plain => return text.to_string(),
            Role::Id | Role::Note => Style::new().dimmed(),
            Role::Heading => Style::new().bold(),
            Role::Warning => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            Role::Certainty => match certainty_color(text.trim()) {
                Some(c) => Style::new().fg_color(Some(c.into())),
                None => return text.to_string(),
            },
        };
        format!("{}{text}{}", style.render(), style.render_reset())
    }
}

/// Strongest to weakest: stated, reported, estimated and inferred, planned,
/// speculated.
fn certainty_color(c: &str) -> Option<AnsiColor> {
    Some(match c {
        "stated" => AnsiColor::Green,
        "reported" => AnsiColor::Cyan,
        "estimated" | "inferred" => AnsiColor::Yellow,
        "planned" => AnsiColor::Blue,
        "speculated" => AnsiColor::Magenta,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_is_plain_text() {
        assert_eq!(Paint::new(false).paint(Role::Warning, "!"), "!");
    }

    #[test]
    fn on_wraps_in_escape_codes_and_resets() {
        let s = Paint::new(true).paint(Role::Certainty, "stated");
        assert!(s.starts_with("\x1b[") && s.ends_with("\x1b[0m"), "{s:?}");
        assert!(s.contains("stated"));
        assert_eq!(Paint::new(true).paint(Role::Certainty, "other"), "other");
    }
}
