//! The fast paths give exactly what the straight ones give, on a synthetic
//! package with cells that defeat them (quoted with `""`, padded with
//! spaces): `facet` counting raw cells as a big table streams equals
//! counting the fully decoded rows in memory, value, label and count, in
//! order.

mod common;
#[allow(dead_code)]
#[path = "../examples/synth/generate.rs"]
mod synth;

use nkport::dataset::Dataset;
use nkport::load::Package;
use nkport::model::{Kind, Place, PlaceKind, Record, Route};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// A synthetic package whose routes have some cells the raw reading cannot
/// take as they are: every 50th `goods` gains an item with quotes, every
/// 70th `origin` a trailing space.
fn package(dir: &Path) {
    synth::generate(3000, dir).unwrap();
    let path = dir.join("routes.csv");
    let mut r = csv::Reader::from_path(&path).unwrap();
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let (goods, origin) = (col("goods"), col("origin"));
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&head).unwrap();
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(str::to_string).collect();
        if i % 50 == 0 {
            cells[goods].push_str(";\"odd\" goods");
        }
        if i % 70 == 0 {
            cells[origin].push(' ');
        }
        w.write_record(&cells).unwrap();
    }
    w.flush().unwrap();
}

/// `facet routes FIELD` as the binary prints it: (value, label, count).
fn facet(dir: &Path, field: &str) -> Vec<(String, Option<String>, u64)> {
    let out = common::command()
        .args(["facet", "routes", field, "--format", "json", "--data"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "facet routes {field}: {}",
        common::stderr(&out)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows.iter()
        .map(|r| {
            (
                r["value"].as_str().unwrap_or("").to_string(),
                r["label"].as_str().map(str::to_string),
                r["count"].as_f64().unwrap() as u64,
            )
        })
        .collect()
}

/// The same counts from the decoded rows in memory.
fn straight(ds: &Dataset, field: &str) -> Vec<(String, Option<String>, u64)> {
    let region = match field {
        "province" => Some(PlaceKind::Province),
        "country" => Some(PlaceKind::Country),
        _ => None,
    };
    let column = Route::COLUMNS.iter().position(|c| c.name == field);
    let mut counts: HashMap<String, u64> = HashMap::new();
    for r in &ds.routes {
        let values: BTreeSet<String> = match (region, column) {
            (Some(kind), _) => std::iter::once(r.origin.as_str())
                .chain(std::iter::once(r.destination.as_str()))
                .chain(r.via.iter().map(String::as_str))
                .filter_map(|id| ds.place_of(id))
                .flat_map(|p| ds.ancestors(p))
                .filter(|p| p.kind == kind)
                .map(|p| p.id.clone())
                .collect(),
            (None, Some(c)) => r.value(c).items().into_iter().map(str::to_string).collect(),
            (None, None) => panic!("no field {field}"),
        };
        if values.is_empty() {
            *counts.entry(String::new()).or_default() += 1;
        }
        for v in values {
            *counts.entry(v).or_default() += 1;
        }
    }
    let refs =
        column.is_some_and(|c| matches!(Route::COLUMNS[c].kind, Kind::Ref(_) | Kind::RefList(_)));
    let mut out: Vec<(String, Option<String>, u64)> = counts
        .into_iter()
        .map(|(v, n)| {
            let label = if v.is_empty() {
                Some("(none)".to_string())
            } else if refs {
                ds.label(&v).map(str::to_string)
            } else if region.is_some() {
                ds.get::<Place>(&v).map(|p| p.name.clone())
            } else {
                None
            };
            (v, label, n)
        })
        .collect();
    out.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    out
}

#[test]
fn facet_streaming_matches_memory() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path());
    let ds = Dataset::load(&Package::Dir(dir.path().to_path_buf())).unwrap();
    assert!(
        ds.routes
            .iter()
            .any(|r| r.goods.iter().any(|g| g == "\"odd\" goods"))
    );
    assert!(ds.routes.iter().any(|r| r.origin.ends_with(' ')));
    for field in [
        "mode",
        "goods",
        "origin",
        "via",
        "status",
        "certainty",
        "province",
        "country",
        "name",
    ] {
        let expected = straight(&ds, field);
        assert!(expected.len() > 1, "{field}: one value only");
        assert_eq!(facet(dir.path(), field), expected, "facet routes {field}");
    }
}
