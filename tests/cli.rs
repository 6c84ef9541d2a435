//! The commands as a user runs them: every list command in every format
//! (with round trips), show, search, facet, export, timeline, completions,
//! and the error paths. Human-facing output is pinned in snapshots
//! (tests/snapshots/); review changes with `cargo insta review`.

mod common;

use common::{fails, nkport, ok, package_copy, tables};
use serde_json::Value as Json;
use std::fs;

fn json(text: &str) -> Vec<Json> {
    serde_json::from_str::<Vec<Json>>(text).unwrap()
}

#[test]
fn every_table_round_trips_through_json() {
    for t in tables() {
        let original = ok(&[t, "--format", "json"]);
        let rows = json(&original);
        assert!(!rows.is_empty(), "{t} is empty");
        let dir = package_copy();
        fs::remove_file(dir.path().join(format!("{t}.csv"))).unwrap();
        fs::write(dir.path().join(format!("{t}.json")), &original).unwrap();
        let d = dir.path().to_str().unwrap();
        let again = ok(&["--data", d, t, "--format", "json"]);
        assert_eq!(
            json(&again),
            rows,
            "{t}: JSON output does not load back as input"
        );
    }
}

#[test]
fn every_table_round_trips_through_raw_csv_and_matches_json() {
    for t in tables() {
        let rows = json(&ok(&[t, "--format", "json"]));
        let csv_text = ok(&[t, "--format", "csv", "--raw"]);
        let dir = package_copy();
        fs::write(dir.path().join(format!("{t}.csv")), &csv_text).unwrap();
        let d = dir.path().to_str().unwrap();
        let again = json(&ok(&["--data", d, t, "--format", "json"]));
        assert_eq!(again, rows, "{t}: --raw CSV does not read back losslessly");

        // Other tools see the same rows: same count, same ids, same text cells.
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(
            records.len(),
            rows.len(),
            "{t}: CSV and JSON row counts differ"
        );
        for (rec, row) in records.iter().zip(&rows) {
            for (h, cell) in headers.iter().zip(rec.iter()) {
                let Some(v) = row.get(h) else { continue };
                let expected = match v {
                    Json::Null => String::new(),
                    Json::String(s) => s.clone(),
                    Json::Number(n) => n.to_string(),
                    Json::Array(a) => a
                        .iter()
                        .map(|x| x.as_str().unwrap().to_string())
                        .collect::<Vec<_>>()
                        .join(";"),
                    Json::Object(o) => o["edtf"].as_str().unwrap().to_string(),
                    Json::Bool(b) => b.to_string(),
                };
                assert_eq!(
                    cell, expected,
                    "{t}: column {h} differs between CSV and JSON"
                );
            }
        }
    }
}

#[test]
fn every_table_in_every_format() {
    for t in tables() {
        let n = json(&ok(&[t, "--format", "json"])).len();
        let jsonl = ok(&[t, "--format", "jsonl"]);
        assert_eq!(jsonl.lines().count(), n, "{t} jsonl");
        for line in jsonl.lines() {
            serde_json::from_str::<Json>(line).unwrap();
        }
        let tsv = ok(&[t, "--format", "tsv"]);
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .from_reader(tsv.as_bytes());
        assert_eq!(r.records().count(), n, "{t} tsv");
        let md = ok(&[t, "--format", "markdown"]);
        assert_eq!(md.lines().count(), n + 2, "{t} markdown");
        // A table, or (too wide for 100 columns) one record after another.
        let table = ok(&[t, "--format", "table"]);
        assert!(
            table.starts_with('┌') || table.starts_with("── "),
            "{t} table"
        );
        let geo: Json = serde_json::from_str(&ok(&[t, "--format", "geojson"])).unwrap();
        assert_eq!(geo["type"], "FeatureCollection");
        assert_eq!(geo["features"].as_array().unwrap().len(), n, "{t} geojson");
    }
}

#[test]
fn geojson_points_and_lines_are_lon_lat() {
    let geo: Json = serde_json::from_str(&ok(&["places", "--format", "geojson"])).unwrap();
    let chongjin = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["id"] == "chongjin")
        .unwrap();
    assert_eq!(chongjin["geometry"]["type"], "Point");
    assert_eq!(chongjin["geometry"]["coordinates"][0], 129.77583);
    assert_eq!(chongjin["geometry"]["coordinates"][1], 41.79556);
    let routes: Json = serde_json::from_str(&ok(&[
        "routes",
        "--province",
        "North Pyongan",
        "--format",
        "geojson",
    ]))
    .unwrap();
    let rail = &routes["features"][0];
    assert_eq!(
        rail["properties"]["id"],
        "dandong-sinuiju-rail-construction-materials"
    );
    assert_eq!(rail["geometry"]["type"], "LineString");
    assert_eq!(
        rail["geometry"]["coordinates"][0][0], 124.39472,
        "Dandong's longitude first"
    );
}

#[test]
fn empty_results_are_not_errors() {
    // Steel is carried, but by no air route: a well-formed question with an
    // empty answer (goods no route carries is an error: tests/audit.rs).
    assert_eq!(
        ok(&[
            "routes", "--goods", "steel", "--mode", "air", "--format", "json"
        ]),
        "[]\n"
    );
    assert_eq!(
        ok(&[
            "routes", "--goods", "steel", "--mode", "air", "--format", "csv"
        ])
        .lines()
        .count(),
        1,
        "header only"
    );
}

#[test]
fn global_options_work_on_either_side() {
    assert_eq!(
        ok(&["--format", "json", "leases"]),
        ok(&["leases", "--format", "json"])
    );
    assert_eq!(
        ok(&["--columns", "id", "--limit", "1", "ports"]),
        ok(&["ports", "--limit", "1", "--columns", "id"])
    );
}

#[test]
fn province_filter_follows_the_hierarchy() {
    let ids = |args: &[&str]| -> Vec<String> {
        json(&ok(args))
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    for name in [
        "North Pyongan",
        "KP-03",
        "P'yŏngan-bukto",
        "phyongan-bukto",
        "NORTH PYONGAN",
    ] {
        let got = ids(&["routes", "--province", name, "--format", "json"]);
        assert!(
            got.contains(&"dandong-sinuiju-rail-construction-materials".to_string()),
            "{name}: {got:?}"
        );
    }
    let nh = ids(&["routes", "--province", "North Hamgyong", "--format", "json"]);
    assert!(
        nh.contains(&"pyongyang-rason-railway".to_string()),
        "{nh:?}"
    );
    let steel = ids(&[
        "routes", "--mode", "rail", "--goods", "steel", "--format", "json",
    ]);
    assert_eq!(steel, vec!["dandong-sinuiju-rail-construction-materials"]);
}

#[test]
fn sort_and_limit() {
    let rows = json(&ok(&[
        "population",
        "--sort",
        "value:desc",
        "--limit",
        "2",
        "--format",
        "json",
    ]));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["value"], 661766);
    assert_eq!(rows[1]["value"], 630000);
    let (code, err) = fails(&["population", "--sort", "nope"]);
    assert_eq!(code, 2, "a usage error");
    assert!(err.contains("cannot sort population by `nope`"), "{err}");
}

#[test]
fn lease_terms_and_time_questions() {
    let rows = json(&ok(&[
        "leases",
        "--port",
        "chongjin",
        "--as-of",
        "2026-11-23",
        "--format",
        "json",
    ]));
    let lease = rows
        .iter()
        .find(|r| r["id"] == "chongjin-docks-3-4-lease")
        .unwrap();
    assert_eq!(lease["end_effective"]["edtf"], "2042-09-01");
    assert_eq!(lease["end_basis"], "derived: signed + term");
    assert_eq!(lease["remaining"], "15y 9m");
    let active = |day: &str| -> String {
        let rows = json(&ok(&["leases", "--active-on", day, "--format", "json"]));
        rows.iter()
            .find(|r| r["id"] == "chongjin-docks-3-4-lease")
            .map_or("no".to_string(), |r| {
                r["active_on"].as_str().unwrap().to_string()
            })
    };
    assert_eq!(active("2042-08-31"), "yes");
    assert_eq!(active("2042-09-01"), "no");
    assert_eq!(active("2012-08-31"), "no");
    // Rajin pier 1: signed 2008, term unknown: possibly in force later.
    let lease = |flag: &str, day: &str, id: &str| {
        let rows = json(&ok(&["leases", flag, day, "--format", "json"]));
        rows.into_iter().find(|r| r["id"] == id).unwrap()
    };
    let rajin = lease("--active-on", "2030-01-01", "rajin-pier-1-lease-2008");
    assert_eq!(rajin["active_on"], "possibly");
    let l = lease(
        "--expiring-before",
        "2045-01-01",
        "chongjin-docks-3-4-lease",
    );
    assert_eq!(l["expiring_before"], "yes");
}

#[test]
fn conflicting_figures_side_by_side() {
    let rows = json(&ok(&[
        "population",
        "--place",
        "chongjin",
        "--conflicts",
        "--format",
        "json",
    ]));
    let values: Vec<i64> = rows.iter().map(|r| r["value"].as_i64().unwrap()).collect();
    for v in [630000, 627000, 327000, 661766] {
        assert!(values.contains(&v), "{values:?}");
    }
    assert_eq!(rows[0]["spread"], 334766);
    assert!(
        rows.iter()
            .all(|r| !r["sources"].as_array().unwrap().is_empty())
    );
    let claims = json(&ok(&[
        "claims",
        "--property",
        "capacity",
        "--conflicts",
        "--format",
        "json",
    ]));
    assert_eq!(claims.len(), 2, "700 tons vs 7 million tons a year");
    let events = json(&ok(&["events", "--conflicts", "--format", "json"]));
    let ids: Vec<&str> = events.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"chongjin-direct-central-control-1977-1988"));
    assert!(ids.contains(&"chongjin-direct-central-control-1977-1985"));
    assert!(
        !ids.contains(&"chongjin-direct-central-control-1960-1967"),
        "agreeing period is not a conflict"
    );
}

#[test]
fn timeline_runs_in_order_from_the_colonial_period() {
    let rows = json(&ok(&[
        "timeline", "--place", "chongjin", "--format", "json",
    ]));
    assert!(rows.len() > 20);
    // Colonial rule began in "the early 20th century" (19XX): first, beside
    // the 1900s village of 002. A row whose start is unknown stands at the
    // first day its end can be (/199X opens the 1990s), never at the top.
    assert!(
        rows[..2]
            .iter()
            .any(|r| r["id"] == "japanese-colonial-rule-chongjin"),
        "{:?}",
        &rows[..2]
    );
    let earliest: Vec<String> = rows
        .iter()
        .filter_map(|r| r["date"]["earliest"].as_str().map(str::to_string))
        .collect();
    let mut sorted = earliest.clone();
    sorted.sort();
    assert_eq!(earliest, sorted, "ordered by earliest day");
    let at = |id: &str| rows.iter().position(|r| r["id"] == id).unwrap();
    let ussr = at("chongjin-ussr-manufactured-goods");
    assert_eq!(rows[ussr]["date"]["edtf"], "/199X");
    assert!(
        rows[ussr - 1]["date"]["latest"].as_str().unwrap() < "1990-01-01"
            && rows[ussr + 1]["date"]["earliest"].as_str().unwrap() >= "1990-01-01",
        "/199X opens the 1990s: {:?}",
        &rows[ussr - 1..=ussr + 1]
    );
    assert!(
        rows.iter()
            .any(|r| r["id"] == "liberation-of-chongjin-1945")
    );
    assert!(
        rows.iter()
            .any(|r| r["what"] == "end" && r["date"]["edtf"] == "2042-09-01")
    );
    let since = json(&ok(&[
        "timeline", "--since", "2012", "--until", "2012", "--format", "json",
    ]));
    assert!(since.iter().all(|r| {
        let lo = r["date"]["earliest"].as_str().unwrap_or("0000");
        let hi = r["date"]["latest"].as_str().unwrap_or("9999");
        lo <= "2012-12-31" && hi >= "2012-01-01"
    }));
}

#[test]
fn search_facet_and_export() {
    let hits = json(&ok(&["search", "iron city", "--format", "json"]));
    assert!(
        hits.iter()
            .any(|h| h["id"] == "claim-chongjin-nickname-iron-city-002")
    );
    let facet = json(&ok(&["facet", "routes", "province", "--format", "json"]));
    let nh = facet
        .iter()
        .find(|r| r["value"] == "north-hamgyong")
        .unwrap();
    assert_eq!(nh["label"], "North Hamgyong Province");
    assert!(nh["count"].as_u64().unwrap() >= 2);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("np.csv");
    ok(&[
        "export",
        "routes",
        "--province",
        "North Pyongan",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        ok(&["routes", "--province", "North Pyongan", "--format", "csv"])
    );
    let out = dir.path().join("all");
    nkport()
        .args([
            "export",
            "all",
            "-o",
            out.to_str().unwrap(),
            "--format",
            "json",
        ])
        .assert()
        .success();
    for t in tables() {
        let text = fs::read_to_string(out.join(format!("{t}.json"))).unwrap();
        assert_eq!(text, ok(&[t, "--format", "json"]), "export all: {t}");
    }
}

#[test]
fn completions_and_man_page() {
    assert!(ok(&["completions", "bash"]).contains("nkport"));
    assert!(ok(&["completions", "zsh"]).contains("#compdef nkport"));
    assert!(ok(&["man"]).contains(".TH nkport"));
}

#[test]
fn error_paths() {
    let (code, err) = fails(&["routes", "--province", "North Pyonan"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no record in places matches \"North Pyonan\"; closest:"),
        "{err}"
    );
    assert!(
        err.contains("places:north-pyongan (North Pyongan Province)"),
        "{err}"
    );

    // `train` is a synonym of rail (see tests/trust.rs); an unknown word is not.
    let (code, err) = fails(&["routes", "--mode", "hovercraft"]);
    assert_eq!(code, 2, "a bad flag value is a usage error");
    assert!(err.contains("possible values: rail, sea"), "{err}");

    let (code, err) = fails(&["leases", "--active-on", "2042-13-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("2042-13-01"), "{err}");

    let (code, err) = fails(&["ports", "-o", "/nonexistent-dir/ports.csv"]);
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent-dir/ports.csv"), "{err}");

    let (code, err) = fails(&["--data", "/nonexistent-dir", "ports"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("/nonexistent-dir") && err.contains("does not exist"),
        "{err}"
    );

    // Two places of one table sharing an alias: ambiguous, listed.
    let dir = package_copy();
    let places = dir.path().join("places.csv");
    let text = fs::read_to_string(&places).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header = lines[0].clone();
    lines.push("twin-a,Twin Town,city,north-korea,KP,,,Twinford,,,,,inferred,test row".to_string());
    lines.push("twin-b,Twin City,city,north-korea,KP,,,Twinford,,,,,inferred,test row".to_string());
    assert!(header.starts_with("id,name,kind,parent"));
    fs::write(&places, lines.join("\n") + "\n").unwrap();
    let d = dir.path().to_str().unwrap();
    let (code, err) = fails(&["--data", d, "show", "twinford"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("\"twinford\" matches several records"),
        "{err}"
    );
    assert!(
        err.contains("places:twin-a (Twin Town)") && err.contains("places:twin-b (Twin City)"),
        "{err}"
    );
}

#[test]
fn show_a_shared_name_is_the_place_with_see_also() {
    let out = ok(&["show", "chongjin"]);
    assert!(out.starts_with("Chongjin  [places:chongjin]"), "{out}");
    assert!(out.contains("See also:\n  ports:chongjin-port"), "{out}");
    let shown: Json = serde_json::from_str(&ok(&["show", "chongjin", "--format", "json"])).unwrap();
    assert_eq!(shown["record"], "places:chongjin");
    for t in [
        "ports",
        "docks",
        "leases",
        "routes",
        "population",
        "facilities",
        "events",
        "claims",
    ] {
        assert!(
            shown["related"][t]
                .as_array()
                .is_some_and(|a| !a.is_empty()),
            "show chongjin lacks {t}"
        );
    }
    let pop = shown["related"]["population"].as_array().unwrap();
    assert!(
        pop.iter()
            .any(|r| !r["disagrees_with"].as_array().unwrap().is_empty())
    );
    let port = ok(&["show", "ports:chongjin-port"]);
    assert!(
        port.starts_with("Port of Chongjin  [ports:chongjin-port]"),
        "{port}"
    );
}

#[test]
fn snapshots_of_human_output() {
    insta::assert_snapshot!(
        "leases_table",
        ok(&[
            "leases",
            "--port",
            "chongjin",
            "--as-of",
            "2026-11-23",
            "--format",
            "table",
            "--columns",
            "id,lessee,lessee_country,term_years,signed,end_effective,end_basis,remaining"
        ])
    );
    insta::assert_snapshot!(
        "routes_north_pyongan",
        ok(&[
            "routes",
            "--province",
            "North Pyongan",
            "--format",
            "table",
            "--columns",
            "id,origin,destination,mode,goods,status,period,certainty"
        ])
    );
    insta::assert_snapshot!(
        "population_conflicts",
        ok(&[
            "population",
            "--place",
            "chongjin",
            "--conflicts",
            "--format",
            "table",
            "--columns",
            "id"
        ])
    );
    insta::assert_snapshot!(
        "facet_routes_province",
        ok(&["facet", "routes", "province", "--format", "table"])
    );
    insta::assert_snapshot!("show_rajin_pier", ok(&["show", "rajin-port-pier-1"]));
    insta::assert_snapshot!(
        "timeline_chart_north_pyongan",
        ok(&["timeline", "--place", "North Pyongan", "--chart"])
    );
    insta::assert_snapshot!("check_summary", ok(&["check"]));
}
