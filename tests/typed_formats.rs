//! `--format sqlite` and `--format parquet`, read back with the crates that
//! wrote them (the Python readers are in tests/interop/, run by .ci/run):
//! the same rows as the JSON output, keys that hold, the declared types.

mod common;

use common::{ok, tables};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use rusqlite::Connection;

fn json_rows(table: &str) -> Vec<serde_json::Value> {
    serde_json::from_str(&ok(&[table, "--format", "json"])).unwrap()
}

#[test]
fn sqlite_export_all_has_every_row_and_its_keys_hold() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pkg.db");
    ok(&["export", "all", "-o", db.to_str().unwrap()]);
    let c = Connection::open(&db).unwrap();
    for t in tables() {
        let n: i64 = c
            .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n as usize, json_rows(t).len(), "rows of {t}");
    }
    let broken: Vec<String> = c
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(broken.is_empty(), "foreign keys broken in {broken:?}");
    // A route's origin resolves into places or ports; a citation's record
    // into the table it names; a lease's docks into a link table.
    let unresolved: i64 = c
        .query_row(
            "SELECT count(*) FROM routes WHERE origin_places IS NULL AND origin_ports IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unresolved, 0);
    let (table, id): (String, String) = c
        .query_row(
            "SELECT record_table, record_leases FROM citations WHERE record_leases IS NOT NULL LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(table, "leases");
    assert!(!id.is_empty());
    let docks: i64 = c
        .query_row("SELECT count(*) FROM leases_docks", [], |r| r.get(0))
        .unwrap();
    let listed: usize = json_rows("leases")
        .iter()
        .map(|l| l["docks"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(docks as usize, listed);
    // Typed columns, and a full-text index that finds words of notes.
    let term: i64 = c
        .query_row(
            "SELECT typeof(term_years) = 'integer' FROM leases WHERE term_years IS NOT NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(term, 1);
    let hits: i64 = c
        .query_row(
            "SELECT count(*) FROM ports_fts WHERE ports_fts MATCH 'chongjin'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(hits >= 1);
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("pkg.metadata.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        meta["databases"]["pkg"]["tables"]["routes"]["fts_table"],
        "routes_fts"
    );
}

#[test]
fn sqlite_of_a_filtered_table_has_just_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let args = ["routes", "--province", "North Pyongan"];
    ok(&[&args[..], &["-o", db.to_str().unwrap()]].concat());
    let want: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let c = Connection::open(&db).unwrap();
    let ids: Vec<String> = c
        .prepare("SELECT id FROM routes ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let want: Vec<&str> = want.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(!want.is_empty());
    assert_eq!(ids, want);
    assert!(dir.path().join("r.metadata.json").is_file());
}

#[test]
fn parquet_files_have_every_row_and_typed_columns() {
    let dir = tempfile::tempdir().unwrap();
    ok(&[
        "export",
        "all",
        "--format",
        "parquet",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    for t in tables() {
        let f = std::fs::File::open(dir.path().join(format!("{t}.parquet"))).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
        let schema = reader.schema().clone();
        let rows: usize = reader.build().unwrap().map(|b| b.unwrap().num_rows()).sum();
        assert_eq!(rows, json_rows(t).len(), "rows of {t}");
        let ty = |c: &str| schema.field_with_name(c).map(|f| f.data_type().to_string());
        match t {
            "leases" => {
                assert_eq!(ty("term_years").unwrap(), "Int64");
                assert_eq!(ty("signed_earliest").unwrap(), "Date32");
                assert!(ty("docks").unwrap().starts_with("List("));
            }
            "places" => assert_eq!(ty("lat").unwrap(), "Float64"),
            _ => {}
        }
    }
}
