//! Dependencies point one way, down the data path: files → typed records →
//! checked dataset → query → rows in a format → commands → command line.
//! Every `crate::` path in `src/` (in `use` lines, grouped `use crate::{a,
//! b}` ones included, in code and in macros as `$crate::`) may only name a
//! top-level module on a lower layer than its own. A new top-level module
//! must be placed in [`LAYERS`] (the test fails until it is).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// The top-level modules, lowest first. A module may use the modules of
/// earlier layers, never those of its own or a later one.
const LAYERS: &[&[&str]] = &[
    // Values that know nothing of the package.
    &["date", "fold", "signals", "usage"],
    // Schemas and typed records.
    &["model"],
    // Reading files into records; questions of time on one record.
    &["load", "time"],
    // The loaded, indexed package.
    &["dataset"],
    // Validation and name matching over it.
    &["check", "names"],
    // Rows as they leave a query and enter a format.
    &["row"],
    // Queries.
    &["query", "timeline"],
    // Formats.
    &["output"],
    // The resolved options.
    &["config"],
    // One file per command.
    &["cmd"],
    // The command line.
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The code of a Rust file without its comments (line, doc and block).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            ('"', _) => {
                in_str = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The top-level modules named by the `crate::` paths in `code`: `crate::a::b`,
/// `$crate::a`, and every member of `crate::{a, b::c, d::{e}}`.
fn used_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `my_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            // The members at depth 0 of the group.
            let mut depth = 0;
            let mut member = String::new();
            let mut at_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        at_start = true;
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 && at_start {
                    if c.is_alphanumeric() || c == '_' {
                        member.push(c);
                    } else if !member.is_empty() {
                        out.insert(std::mem::take(&mut member));
                        at_start = false;
                    }
                }
            }
            if !member.is_empty() {
                out.insert(member);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// The top-level module a file under `src/` belongs to (`None` for the
/// crate roots).
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn dependencies_point_down_the_data_path() {
    let src = common::root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let Some(module) = module_of(rel) else {
            continue;
        };
        let Some(own) = layer(&module) else {
            problems.push(format!(
                "src/{}: module `{module}` is in no layer",
                rel.display()
            ));
            continue;
        };
        let code = strip_comments(&fs::read_to_string(f).unwrap());
        for used in used_modules(&code) {
            if used == module || used == "self" || used == "super" {
                continue;
            }
            match layer(&used) {
                Some(l) if l < own => {}
                Some(_) => problems.push(format!(
                    "src/{}: `{module}` uses `{used}`, which is not below it",
                    rel.display()
                )),
                None => problems.push(format!(
                    "src/{}: uses `crate::{used}`, a module in no layer",
                    rel.display()
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scanner_sees_every_form_of_path() {
    let code = strip_comments(
        "use crate::model::Table;\n\
         use crate::{dataset::Dataset, names::{fold, Names}, query};\n\
         fn f() -> $crate::output::Head { todo!() }\n\
         // use crate::cli::Cli;\n\
         /* crate::cmd */\n\
         let t = crate::time::remaining;\n",
    );
    let found: Vec<String> = used_modules(&code).into_iter().collect();
    assert_eq!(
        found,
        ["dataset", "model", "names", "output", "query", "time"]
    );
}

#[test]
fn a_backward_edge_fails() {
    // `model` is below `dataset`: this is the edge `Record::rows` once made.
    let used = used_modules("fn rows(ds: &crate::dataset::Dataset) -> &[Self];");
    let model = layer("model").unwrap();
    assert!(used.iter().any(|u| layer(u).unwrap() >= model));
}
