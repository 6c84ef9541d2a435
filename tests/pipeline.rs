//! One row pipeline: every command that writes a table's rows (its list
//! command, `export TABLE`, `export all`) loads the same tables and writes
//! the same rows; computed rows (search, facet, timeline) choose columns
//! and sort like the list commands, with the same messages.

mod common;

use common::{fails, ok, tables};

// Bug: `export all --labels` loaded only the reference tables, so the
// `record_name` of citations of leases (and of every table but those) was
// empty, while `citations --labels` filled it.
#[test]
fn export_all_writes_what_each_list_command_lists() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    for extra in [&[][..], &["--labels"][..]] {
        let mut args = vec!["export", "all", "--format", "csv", "-o", out];
        args.extend(extra);
        ok(&args);
        for t in tables() {
            let mut list = vec![t, "--format", "csv"];
            list.extend(extra);
            let exported = std::fs::read_to_string(dir.path().join(format!("{t}.csv"))).unwrap();
            assert_eq!(
                exported,
                ok(&list),
                "export all {extra:?}: {t}.csv differs from `{t}`"
            );
        }
    }
}

#[test]
fn citations_of_leases_are_named_in_export_all() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    ok(&["export", "all", "--labels", "--format", "json", "-o", out]);
    let text = std::fs::read_to_string(dir.path().join("citations.json")).unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let of_leases: Vec<_> = rows
        .iter()
        .filter(|r| r["record"].as_str().unwrap().starts_with("leases:"))
        .collect();
    assert!(!of_leases.is_empty());
    for r in of_leases {
        assert!(
            r["record_name"].as_str().is_some_and(|n| !n.is_empty()),
            "{r}"
        );
    }
}

#[test]
fn computed_rows_select_and_sort_like_lists() {
    let facet = ok(&[
        "facet",
        "routes",
        "mode",
        "--columns",
        "count,value",
        "--sort",
        "value",
    ]);
    let lines: Vec<&str> = facet.lines().collect();
    assert_eq!(lines[0], "count,value");
    let values: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    let mut sorted = values.clone();
    sorted.sort();
    assert_eq!(values, sorted);

    let (code, err) = fails(&["facet", "routes", "mode", "--columns", "nope"]);
    assert_eq!(code, 2, "a usage error");
    assert!(
        err.contains("facet has no column `nope`; its columns are: value, label, count"),
        "{err}"
    );
    let (_, err) = fails(&["routes", "--columns", "nope"]);
    assert!(
        err.contains("routes has no column `nope`; its columns are: id, name"),
        "{err}"
    );
    let (_, err) = fails(&["search", "rajin", "--sort", "nope"]);
    assert!(
        err.contains("cannot sort search by `nope`: no such column"),
        "{err}"
    );
}
