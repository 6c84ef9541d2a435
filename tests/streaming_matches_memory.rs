//! The streaming list path (raw-cell filters, the fast CSV lane, decoding
//! only kept rows) returns exactly the rows that filtering the fully loaded
//! dataset in memory returns, row for row and in order; and sorted output is
//! the unsorted output, sorted.

mod common;
#[allow(dead_code)]
#[path = "../examples/synth/generate.rs"]
mod synth;

use nkport::dataset::Dataset;
use nkport::load::Package;
use nkport::model::{Route, Vocab};
use nkport::names::fold;
use std::path::Path;

/// A predicate on decoded routes.
type Keep<'a> = Box<dyn Fn(&Route) -> bool + 'a>;

fn run(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = common::command()
        .arg("routes")
        .arg("--data")
        .arg(dir)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "routes {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(rows: &[serde_json::Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn touches(ds: &Dataset, r: &Route, place: &str) -> bool {
    std::iter::once(&r.origin)
        .chain(std::iter::once(&r.destination))
        .chain(r.via.iter())
        .any(|id| ds.lies_in(id, place))
}

#[test]
fn streaming_matches_memory() {
    let dir = tempfile::tempdir().unwrap();
    synth::generate(4000, dir.path()).unwrap();
    let ds = Dataset::load(&Package::Dir(dir.path().to_path_buf())).unwrap();
    assert_eq!(ds.routes.len(), 4000);
    let steel = |r: &Route| r.goods.iter().any(|g| fold(g).contains("steel"));
    let cases: Vec<(Vec<&str>, Keep)> = vec![
        (vec![], Box::new(|_| true)),
        (vec!["--goods", "steel"], Box::new(steel)),
        (vec!["--goods", "STEEL"], Box::new(steel)),
        (
            vec!["--goods", "iron ore"],
            Box::new(|r: &Route| r.goods.iter().any(|g| fold(g).contains("ironore"))),
        ),
        (
            vec!["--province", "North Hamgyong"],
            Box::new(|r: &Route| touches(&ds, r, "north-hamgyong")),
        ),
        (
            vec![
                "--province",
                "Liaoning",
                "--goods",
                "steel",
                "--mode",
                "rail,sea",
            ],
            Box::new(|r: &Route| {
                touches(&ds, r, "liaoning") && steel(r) && matches!(r.mode.as_str(), "rail" | "sea")
            }),
        ),
        (
            vec![
                "--status",
                "open",
                "--certainty",
                "stated,reported",
                "--direction",
                "import",
            ],
            Box::new(|r: &Route| {
                r.status.as_str() == "open"
                    && matches!(r.certainty.as_str(), "stated" | "reported")
                    && r.direction.as_str() == "import"
            }),
        ),
        (
            vec!["--country", "CN", "--goods", "coal"],
            Box::new(|r: &Route| touches(&ds, r, "china") && r.goods.iter().any(|g| g == "coal")),
        ),
    ];
    for (args, keep) in &cases {
        let streamed = run(dir.path(), args);
        let expected: Vec<String> = ds
            .routes
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.id.clone())
            .collect();
        assert!(
            !expected.is_empty() || args.contains(&"--country"),
            "{args:?} keeps nothing"
        );
        assert_eq!(ids(&streamed), expected, "routes {args:?}");
        // Every kept row is written whole, as decoded.
        for (row, id) in streamed.iter().zip(&expected) {
            let r = ds.get::<Route>(id).unwrap();
            assert_eq!(row["name"].as_str(), Some(r.name.as_str()));
            assert_eq!(row["notes"].as_str(), r.notes.as_deref());
        }
    }

    // Sorted output is the unsorted output, sorted (stably) by the key.
    let unsorted = run(dir.path(), &["--goods", "steel"]);
    let sorted = run(dir.path(), &["--goods", "steel", "--sort", "mode"]);
    let mut expected = unsorted.clone();
    expected.sort_by(|a, b| a["mode"].as_str().cmp(&b["mode"].as_str()));
    assert_eq!(ids(&sorted), ids(&expected));
    let limited = run(dir.path(), &["--goods", "steel", "--limit", "7"]);
    assert_eq!(ids(&limited), ids(&unsorted)[..7].to_vec());
}
