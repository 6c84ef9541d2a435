//! The README's tour is true: every ```console block starting with
//! `$ nkport ARGS` is run and its output compared with the block.
//! `UPDATE_README=1 cargo test --test readme` rewrites the outputs.

mod common;

use std::path::Path;

/// Splits a command line like a shell: spaces separate, quotes group.
fn split(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, ' ') => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn run(args: &[String]) -> String {
    common::stdout_of(common::nkport().args(args).output().unwrap(), args)
}

#[test]
fn readme_tour_matches_the_commands() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut out = String::new();
    let mut rest = text.as_str();
    let mut blocks = 0;
    let mut mismatches = Vec::new();
    while let Some(start) = rest.find("```console\n") {
        let body_start = start + "```console\n".len();
        let Some(len) = rest[body_start..].find("```\n") else {
            break;
        };
        let body = &rest[body_start..body_start + len];
        let (first, expected) = body.split_once('\n').unwrap_or((body, ""));
        let line = first
            .strip_prefix("$ nkport ")
            .expect("a console block starts with `$ nkport `");
        let actual = run(&split(line));
        blocks += 1;
        if actual != expected {
            mismatches.push(format!(
                "$ nkport {line}\n--- README\n{expected}--- actual\n{actual}"
            ));
        }
        out.push_str(&rest[..body_start]);
        out.push_str(first);
        out.push('\n');
        out.push_str(&actual);
        out.push_str("```\n");
        rest = &rest[body_start + len + "```\n".len()..];
    }
    out.push_str(rest);
    assert!(blocks >= 5, "the tour has {blocks} commands");
    if update {
        std::fs::write(&path, out).unwrap();
    } else {
        assert!(
            mismatches.is_empty(),
            "README tour is out of date (UPDATE_README=1 cargo test --test readme):\n{}",
            mismatches.join("\n")
        );
    }
}

#[test]
fn splitting_follows_shell_quotes() {
    assert_eq!(
        split(r#"routes --province "North Pyongan" -f json"#),
        ["routes", "--province", "North Pyongan", "-f", "json"]
    );
    assert_eq!(split("search 'iron city'"), ["search", "iron city"]);
}
