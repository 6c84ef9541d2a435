//! What a terminal user sees: the same commands at 80, 120 and 200 columns
//! (snapshots in tests/snapshots/terminal__*.snap, readable as
//! documentation), and no rendered line wider than the terminal.

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
    let out = Command::cargo_bin("nkport")
        .unwrap()
        .env("COLUMNS", width.to_string())
        .env_remove("NKPORT_DATA")
        .env_remove("NO_COLOR")
        .args(args)
        .args(["--format", "table", "--as-of", "2026-11-23"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "nkport {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
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
