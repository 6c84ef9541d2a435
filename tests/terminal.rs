//! What a terminal user sees: the same commands at 80, 120 and 200 columns
//! (snapshots in tests/snapshots/terminal__*.snap, readable as
//! documentation), and no rendered line wider than the terminal.

mod common;

use assert_cmd::Command;

use unicode_width::UnicodeWidthStr;

const WIDTHS: [usize; 3] = [80, 120, 200];

/// The commands whose terminal output is pinned at every width.
const COMMANDS: &[&[&str]] = &[
    &["routes", "--place", "chongjin"],
    &["leases"],
    &["population", "--place", "chongjin"],
    &["citations", "--record", "chongjin-port"],
    &["search", "chongjin"],
    &["show", "chongjin"],
    &["show", "claim-chongjin-nickname-iron-city-002"],
    &["show", "pop-chongjin-002-nearly-630000"],
];

/// nkport's output as a `width`-column terminal table gets it.
fn at(width: usize, args: &[&str]) -> String {
    let out = common::nkport()
        .env("COLUMNS", width.to_string())
        .env_remove("NO_COLOR")
        .args(args)
        .args(["--format", "table", "--as-of", "2026-11-23"])
        .output()
        .unwrap();
    common::stdout_of(out, args)
}

#[test]
fn commands_read_well_at_80_120_and_200_columns() {
    for args in COMMANDS {
        for w in WIDTHS {
            let name = format!("{}_{w}", args.join("_").replace("--", ""));
            insta::assert_snapshot!(name, at(w, args));
        }
    }
}

#[test]
fn no_line_is_wider_than_the_terminal() {
    let more: &[&[&str]] = &[
        &["sources"],
        &["places"],
        &["ports"],
        &["docks"],
        &["facilities"],
        &["routes"],
        &["population"],
        &["events"],
        &["claims"],
        &["citations"],
        &["routes", "--wrap"],
        &["claims", "--labels"],
        &["population", "--conflicts"],
        &["facet", "routes", "province"],
        &["timeline"],
    ];
    for args in COMMANDS.iter().chain(more) {
        for w in [40, 60, 80, 120, 200] {
            for line in at(w, args).lines() {
                assert!(
                    line.width() <= w,
                    "nkport {args:?} at {w} columns: {} wide: {line}",
                    line.width()
                );
            }
        }
    }
}

#[test]
fn ids_and_headers_are_never_broken() {
    let out = at(80, &["routes", "--place", "chongjin"]);
    // Every id of the listing appears whole on one line.
    let ids = Command::cargo_bin("nkport")
        .unwrap()
        .env_remove("NKPORT_DATA")
        .args(["routes", "--place", "chongjin", "--format", "csv"])
        .args(["--columns", "id"])
        .output()
        .unwrap();
    let ids = String::from_utf8(ids.stdout).unwrap();
    for id in ids.lines().skip(1) {
        assert!(
            out.lines().any(|l| l.contains(&format!("│ {id} "))),
            "{id} not whole in:\n{out}"
        );
    }
    // One row is one line: a box top, header, rule, 8 rows, bottom.
    assert_eq!(out.lines().filter(|l| l.starts_with('│')).count(), 1 + 8);
    assert!(out.contains("columns hidden: "), "{out}");
    assert!(out.contains("; use --columns"), "{out}");
}

#[test]
fn wrap_shows_every_word() {
    let out = at(80, &["routes", "--place", "chongjin", "--wrap"]);
    assert!(!out.contains('…'), "{out}");
    assert!(out.contains("Korean State Railway"), "{out}");
}

#[test]
fn search_fits_a_screen_and_ids_alone_are_not_hits() {
    for w in WIDTHS {
        let out = at(w, &["search", "chongjin"]);
        assert!(
            out.lines().count() < 60,
            "{} lines:\n{out}",
            out.lines().count()
        );
        assert!(out.contains("more (--all)"), "{out}");
    }
    let all = at(80, &["search", "chongjin", "--all"]);
    assert!(!all.contains("more (--all)"));
    assert!(all.lines().count() > 100);
    let json = Command::cargo_bin("nkport")
        .unwrap()
        .env_remove("NKPORT_DATA")
        .args(["search", "smuggling", "--format", "json"])
        .output()
        .unwrap();
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert!(!hits.is_empty());
    for h in &hits {
        for key in ["table", "id", "field", "text"] {
            assert!(h.get(key).is_some(), "{h}");
        }
        assert_ne!(h["field"], "id", "{h}");
        let text = h["text"].as_str().unwrap().to_lowercase();
        assert!(text.contains("smuggling"), "{h}");
    }
    // Names, values and titles come before notes and quotes within a table.
    let claims: Vec<&str> = hits
        .iter()
        .filter(|h| h["table"] == "claims")
        .map(|h| h["field"].as_str().unwrap())
        .collect();
    assert_eq!(claims.first(), Some(&"value"), "{claims:?}");
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = Command::cargo_bin("nkport")
        .unwrap()
        .env_remove("NKPORT_DATA")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn show_json_keeps_types_as_the_list_commands_do() {
    let cases: &[(&str, &[&str])] = &[
        ("chongjin", &["places"]),
        ("pop-chongjin-003-around-627000", &["population"]),
        ("chongjin-docks-3-4-lease", &["leases"]),
        ("claim-chongjin-nickname-iron-city-002", &["claims"]),
    ];
    for (id, list) in cases {
        let shown = json(&["show", id]);
        let rows = json(list);
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == *id)
            .unwrap();
        let fields = shown["fields"].as_object().unwrap();
        assert!(fields.len() > 2, "{shown}");
        for (k, v) in fields {
            assert_eq!(&row[k], v, "{id}: field {k}");
        }
    }
    let place = json(&["show", "chongjin"]);
    assert!(place["fields"]["lat"].is_number());
    assert!(place["fields"]["aliases"].is_array());
    let pop = json(&["show", "pop-chongjin-003-around-627000"]);
    assert!(pop["fields"]["value"].is_number());
    assert!(pop["fields"]["as_of"]["earliest"].is_string());
}

#[test]
fn show_heads_with_a_label_and_names_every_id() {
    let claim = at(80, &["show", "claim-chongjin-nickname-iron-city-002"]);
    assert!(
        claim.starts_with("Chongjin: nickname = Iron City  ["),
        "{claim}"
    );
    assert!(claim.contains("places:chongjin (Chongjin)"), "{claim}");
    let pop = at(80, &["show", "pop-chongjin-002-nearly-630000"]);
    assert!(
        pop.starts_with("Chongjin: nearly 630000 residents"),
        "{pop}"
    );
    let place = at(80, &["show", "chongjin"]);
    assert!(
        place.contains("north-hamgyong (North Hamgyong Province)"),
        "{place}"
    );
    assert!(
        place.contains("→ chongjin-port (Port of Chongjin)"),
        "{place}"
    );
}

/// nkport run in a detached tmux pane `width` columns wide (stdout is a
/// terminal, COLUMNS unset), with `env` set; the pane's text with its
/// colour codes (`capture-pane -e`).
#[cfg(unix)]
fn in_tmux(width: usize, env: &str, args: &[&str]) -> String {
    use std::process::Command as Std;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    // One server per pane: a server whose last session ended may still be
    // exiting when the next one starts.
    let n = N.fetch_add(1, Ordering::SeqCst);
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("tmux");
    let tmux = |a: &[&str]| {
        Std::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(["-f", "/dev/null"])
            .args(a)
            .output()
            .expect("tmux must be installed for this test (.ci/run installs it)")
    };
    let session = format!("s{n}");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        "env -u COLUMNS -u NO_COLOR -u NKPORT_DATA {env} '{}' {}; tmux wait-for -S {session}-done; sleep 30",
        env!("CARGO_BIN_EXE_nkport"),
        quoted.join(" ")
    );
    let w = width.to_string();
    let started = tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        &w,
        "-y",
        "100",
        &script,
    ]);
    assert!(started.status.success(), "{started:?}");
    tmux(&["wait-for", &format!("{session}-done")]);
    let pane = tmux(&[
        "capture-pane",
        "-p",
        "-e",
        "-t",
        &session,
        "-S",
        "0",
        "-E",
        "-",
    ]);
    tmux(&["kill-session", "-t", &session]);
    String::from_utf8(pane.stdout).unwrap()
}

/// `s` without its SGR colour codes.
fn plain(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let end = tail.find('m').map_or(tail.len(), |e| e + 1);
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(unix)]
#[test]
fn colour_reaches_a_terminal_only() {
    let args = ["routes", "--place", "chongjin"];
    // A real terminal: a table fitted to its width, in colour.
    let pane = in_tmux(120, "", &args);
    assert!(pane.contains('┌'), "not a table on a terminal:\n{pane}");
    for line in plain(&pane).lines() {
        assert!(line.width() <= 120, "{} wide: {line}", line.width());
    }
    // Certainty by strength (stated green), ids dim.
    assert!(pane.contains("\x1b[32mstated"), "no colour:\n{pane}");
    assert!(pane.contains("\x1b[2mpyongyang-rason-railway"), "{pane}");
    // NO_COLOR and --color never turn it off; the table stays.
    for (env, extra) in [("NO_COLOR=1", None), ("", Some("--color=never"))] {
        let mut a = args.to_vec();
        a.extend(extra);
        let pane = in_tmux(100, env, &a);
        assert!(
            !pane.contains("\x1b["),
            "colour with {env} {extra:?}:\n{pane}"
        );
        assert!(pane.contains('┌'), "{pane}");
    }
    // search and show colour too.
    assert!(in_tmux(100, "", &["search", "chongjin"]).contains("\x1b["));
    assert!(in_tmux(100, "", &["show", "chongjin"]).contains("\x1b["));
}

#[test]
fn pipes_and_files_get_no_colour_unless_forced() {
    let run = |extra: &[&str]| {
        let out = Command::cargo_bin("nkport")
            .unwrap()
            .env_remove("NKPORT_DATA")
            .env_remove("NO_COLOR")
            .args(["routes", "--place", "chongjin", "--format", "table"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(!run(&[]).contains('\x1b'));
    assert!(!run(&["--color", "auto"]).contains('\x1b'));
    let forced = run(&["--color", "always"]);
    assert!(forced.contains("\x1b["), "{forced}");
    assert_eq!(plain(&forced), run(&[]));
    // CSV and JSON never, even when forced.
    for f in ["csv", "json"] {
        assert!(!run(&["--color", "always", "--format", f]).contains('\x1b'));
    }
    // A file: no colour.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("routes.txt");
    run(&["-o", path.to_str().unwrap()]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains('┌') && !text.contains('\x1b'), "{text}");
}
