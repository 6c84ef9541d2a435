//! A user's red-team pass over every command on the embedded data: each test
//! pins one answer that was wrong (silently empty, unhelpful, or in the wrong
//! format) and runs the binary as an analyst would.

mod common;

use common::{fails, nkport, ok};

/// The ids a CSV listing holds (its first column).
fn ids(args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "csv", "--columns", "id"];
    all.extend_from_slice(args);
    ok(&all).lines().skip(1).map(str::to_string).collect()
}

/// Runs `args`, asserting it fails with `code` and wrote nothing to stdout;
/// returns stderr.
fn refused(args: &[&str], code: i32) -> String {
    let out = nkport().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "nkport {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "nkport {args:?} wrote to stdout");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_lessee_no_lease_has_is_an_error_with_the_closest_lessees() {
    let err = refused(&["leases", "--lessee", "Hiahua"], 1);
    assert!(
        err.contains("no lessee in leases contains \"Hiahua\""),
        "{err}"
    );
    assert!(err.contains("Yanbian Haihua Group"), "{err}");
    // A lessee that exists, filtered out by another option, is an empty answer.
    assert_eq!(
        ids(&["leases", "--lessee", "haihua"]),
        ["chongjin-docks-3-4-lease", "chongjin-port-use-rights-2010"]
    );
    assert!(ids(&["leases", "--lessee", "haihua", "--lessee-country", "RU"]).is_empty());
}

#[test]
fn goods_and_publishers_no_row_holds_are_errors_with_the_closest() {
    let err = refused(&["routes", "--goods", "stel"], 1);
    assert!(
        err.contains("no goods in routes contains \"stel\""),
        "{err}"
    );
    assert!(err.contains("\"steel\""), "{err}");
    let err = refused(&["sources", "--publisher", "dialy"], 1);
    assert!(err.contains("\"Daily NK\""), "{err}");
    let err = refused(&["routes", "--goods", "xyzzy"], 1);
    assert!(err.contains("nkport facet routes goods"), "{err}");
    assert_eq!(
        ids(&["routes", "--goods", "Steel"]),
        ["dandong-sinuiju-rail-construction-materials"]
    );
}

#[test]
fn text_with_nothing_to_find_is_a_usage_error_not_every_row() {
    for (cmd, opt) in [
        ("leases", "--lessee"),
        ("routes", "--goods"),
        ("sources", "--publisher"),
        ("citations", "--quote"),
    ] {
        for empty in ["", " ", "--"] {
            let err = refused(&[cmd, &format!("{opt}={empty}")], 2);
            assert!(err.contains(&format!("{opt} needs text")), "{err}");
        }
    }
}

#[test]
fn a_table_id_reference_forgives_case_and_a_singular_table() {
    for r in [
        "Routes:pyongyang-rason-railway",
        "route:pyongyang-rason-railway",
        "ROUTES: pyongyang-rason-railway",
    ] {
        let shown = ok(&["show", r]);
        assert!(
            shown.contains("[routes:pyongyang-rason-railway]"),
            "{r}: {shown}"
        );
    }
    assert!(ok(&["show", "facility:nongpo-prison"]).contains("[facilities:nongpo-prison]"));
    assert_eq!(
        ok(&[
            "citations",
            "--record",
            "Leases:chongjin-docks-3-4-lease",
            "-f",
            "csv",
            "--columns",
            "record"
        ]),
        ok(&[
            "citations",
            "--record",
            "leases:chongjin-docks-3-4-lease",
            "-f",
            "csv",
            "--columns",
            "record"
        ])
    );
}

#[test]
fn a_table_id_reference_with_a_wrong_id_suggests_ids_of_that_table() {
    for cmd in [
        &["show", "leases:chongjin-docks-3-4"][..],
        &["claims", "--subject", "leases:chongjin-docks-3-4"],
        &["citations", "--record", "leases:chongjin-docks-3-4"],
    ] {
        let (code, err) = fails(cmd);
        assert_eq!(code, 1, "{cmd:?}");
        let closest: Vec<&str> = err.lines().skip(1).collect();
        assert_eq!(
            closest.first().map(|l| l.trim()),
            Some("leases:chongjin-docks-3-4-lease (chongjin-docks-3-4-lease)"),
            "{cmd:?}: {err}"
        );
        assert!(
            closest.iter().all(|l| l.trim().starts_with("leases:")),
            "{err}"
        );
    }
}

#[test]
fn facet_takes_a_table_as_users_type_it() {
    let ports = ok(&["facet", "ports", "kind", "-f", "csv"]);
    assert!(ports.contains("\nseaport,,"), "{ports}");
    for t in ["Ports", "port", "PORTS"] {
        assert_eq!(ok(&["facet", t, "kind", "-f", "csv"]), ports, "{t}");
    }
    assert_eq!(
        ok(&["facet", "facility", "kind", "-f", "csv"]),
        ok(&["facet", "facilities", "kind", "-f", "csv"])
    );
    let err = refused(&["facet", "prots", "kind"], 2);
    assert!(err.contains("(closest: ports)"), "{err}");
}

#[test]
fn show_jsonl_is_one_line() {
    let out = ok(&["show", "chongjin", "--format", "jsonl"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(out.trim_end()).unwrap();
    assert_eq!(v["record"], "places:chongjin");
    assert_eq!(
        v,
        serde_json::from_str::<serde_json::Value>(&ok(&["show", "chongjin", "--format", "json"]))
            .unwrap()
    );
}

#[test]
fn show_writes_the_format_its_output_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("chongjin.json");
    ok(&["show", "chongjin", "-o", json.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v["record"], "places:chongjin");
    let jsonl = dir.path().join("chongjin.jsonl");
    ok(&["show", "chongjin", "-o", jsonl.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&jsonl).unwrap().lines().count(), 1);
    // A format show does not write is refused, as `--format csv` is, and
    // no file is left.
    let csv = dir.path().join("chongjin.csv");
    let err = refused(&["show", "chongjin", "-o", csv.to_str().unwrap()], 2);
    assert!(err.contains("not csv"), "{err}");
    assert!(!csv.exists());
    // The terminal rendering still goes to a .txt file or one with no extension.
    let txt = dir.path().join("chongjin.txt");
    ok(&["show", "chongjin", "-o", txt.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(&txt)
            .unwrap()
            .starts_with("Chongjin  [places:chongjin]")
    );
}

#[test]
fn timeline_chart_is_not_written_under_a_data_format_name() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["json", "csv"] {
        let path = dir.path().join(format!("chart.{ext}"));
        let err = refused(&["timeline", "--chart", "-o", path.to_str().unwrap()], 2);
        assert!(err.contains(&format!("not {ext}")), "{err}");
        assert!(!path.exists());
    }
    let txt = dir.path().join("chart.txt");
    ok(&["timeline", "--chart", "-o", txt.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&txt).unwrap().contains('│'));
}

#[test]
fn a_day_in_the_wrong_shape_is_told_the_shape() {
    for args in [
        &["leases", "--active-on", "2041"][..],
        &["leases", "--expiring-before", "06/01/2041"],
        &["ports", "--as-of", ""],
    ] {
        let err = refused(args, 2);
        assert!(
            err.contains("expected a day as YYYY-MM-DD"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(
        ids(&["leases", "--active-on", "2041-06-01", "--lessee", "haihua"]),
        ["chongjin-docks-3-4-lease", "chongjin-port-use-rights-2010"]
    );
}

#[test]
fn source_names_a_publisher_s_every_source() {
    // `--source` takes "its id, title or publisher": a publisher of three
    // sources keeps what any of them cites (it was an ambiguity error).
    let daily_nk = [
        "dailynk-chongjin-sez",
        "dailynk-north-pyongan-trade",
        "dailynk-2010-second-port-lease",
    ];
    let mut cited: Vec<String> = ok(&[
        "citations",
        "--source",
        "Daily NK",
        "-f",
        "csv",
        "--columns",
        "source",
    ])
    .lines()
    .skip(1)
    .map(str::to_string)
    .collect();
    cited.sort();
    cited.dedup();
    let mut want: Vec<String> = daily_nk.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(cited, want);
    let routes = ids(&["routes", "--source", "daily nk"]);
    for one in daily_nk {
        for id in ids(&["routes", "--source", one]) {
            assert!(routes.contains(&id), "{id} cited by {one}");
        }
    }
    // One source by its id stays one source.
    assert!(
        ok(&[
            "citations",
            "--source",
            "dailynk-chongjin-sez",
            "-f",
            "csv",
            "--columns",
            "source"
        ])
        .lines()
        .skip(1)
        .all(|l| l == "dailynk-chongjin-sez")
    );
    let err = refused(&["places", "--source", "dialy nk"], 1);
    assert!(err.contains("sources:dailynk-chongjin-sez"), "{err}");
}

#[test]
fn an_output_in_a_missing_directory_names_it_not_a_temporary_file() {
    let err = refused(&["ports", "-o", "no-such-dir/ports.csv"], 1);
    assert!(
        err.contains(
            "cannot write no-such-dir/ports.csv: the directory no-such-dir does not exist"
        ),
        "{err}"
    );
    assert!(
        !err.contains(".nkport-"),
        "the temporary name leaked: {err}"
    );
}

#[test]
fn routes_by_takes_the_field_in_any_case() {
    let lower = ids(&["routes", "--by", "province"]);
    assert!(!lower.is_empty());
    assert_eq!(ids(&["routes", "--by", "Province"]), lower);
}

#[test]
fn export_all_that_fails_on_a_later_table_leaves_no_part_of_the_package() {
    let pkg = common::package_copy();
    // claims load after most tables: the tables before it would be written.
    let claims = pkg.path().join("claims.csv");
    let text = std::fs::read_to_string(&claims).unwrap();
    let body = text.split_once('\n').unwrap().1;
    std::fs::write(&claims, format!("id,subject,bogus\n{body}")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let fresh = out.path().join("fresh");
    let data = pkg.path().to_str().unwrap();
    for dir in [out.path().to_path_buf(), fresh.clone()] {
        let dir_s = dir.to_str().unwrap();
        refused(&["export", "all", "--data", data, "-o", dir_s], 1);
    }
    let left: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "export all left {left:?}");
    assert!(!fresh.exists(), "a directory export all made stays behind");
}

#[test]
fn computed_rows_that_name_a_record_twice_go_into_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["timeline"][..], &["claims", "--conflicts"][..]] {
        let db = dir.path().join("rows.db");
        let _ = std::fs::remove_file(&db);
        let mut all = args.to_vec();
        let db_s = db.to_str().unwrap().to_string();
        all.extend_from_slice(&["--format", "sqlite", "-o", &db_s]);
        ok(&all);
        let csv = {
            let mut c = args.to_vec();
            c.extend_from_slice(&["--format", "csv"]);
            ok(&c).lines().count() - 1
        };
        let conn = rusqlite::Connection::open(&db).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM rows", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            n as usize, csv,
            "{args:?}: every row, repeated ids included"
        );
    }
}

#[test]
fn a_name_nothing_is_close_to_says_where_to_look() {
    // Nothing is like "003": the error says how to see every source rather
    // than ending at "no record matches".
    let err = refused(&["routes", "--source", "003"], 1);
    assert!(
        err.contains("no record in sources matches \"003\"; nothing is close to it: `nkport sources` lists them all"),
        "{err}"
    );
    let err = refused(&["show", "zzqqxxjj"], 1);
    assert!(err.contains("`nkport search TEXT`"), "{err}");
    // A close name is still offered as before, without the pointer.
    let err = refused(&["places", "--source", "dialy nk"], 1);
    assert!(!err.contains("nothing is close"), "{err}");
}

#[test]
fn show_of_an_empty_name_is_a_usage_error() {
    for name in ["", "  "] {
        let err = refused(&["show", name], 2);
        assert!(err.contains("needs a record's id or name"), "{err}");
    }
}
