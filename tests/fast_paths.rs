//! The fast paths give exactly what the straight ones give, on a synthetic
//! package with cells that defeat them (quoted with `""`, padded with
//! spaces): `facet` counting raw cells as a big table streams equals
//! counting the fully decoded rows in memory, value, label and count, in
//! order; sorting rows written apart (CSV, JSON lines) equals sorting the
//! decoded rows held whole; `search` and `show`, reading only the rows
//! that may match, equal the same questions asked of every row in memory;
//! `check`, reading and checking tables side by side, reports the faults
//! injected into the package where a straight one-thread check does, in the
//! same order; and reading big tables in blocks on several cores gives what
//! reading them a record at a time gives, output, errors and all.

mod common;
#[allow(dead_code)]
#[path = "../examples/synth/generate.rs"]
mod synth;

use nkport::dataset::Dataset;
use nkport::fold::fold;
use nkport::load::Package;
use nkport::model::{Kind, Place, PlaceKind, Record, Route, Table};
use nkport::names::Names;
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

/// The binary's stdout for `args` on the package in `dir`, which must succeed.
fn run(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = common::command()
        .args(args)
        .arg("--data")
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", common::stderr(&out));
    out.stdout
}

/// JSON lines, parsed.
fn lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn sort_of_rows_written_apart_matches_rows_held() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path());
    let ds = Dataset::load(&Package::Dir(dir.path().to_path_buf())).unwrap();
    for args in [
        &["routes", "--sort", "name"][..],
        &["routes", "--sort", "goods:desc,period,name"],
        &[
            "routes",
            "--sort",
            "origin,name:desc",
            "--mode",
            "sea",
            "--limit",
            "500",
        ],
        &["routes", "--sort", "period:desc", "--labels"],
    ] {
        // JSON lines are written apart and copied out in order; a JSON
        // array is written from the decoded rows, held and sorted.
        let apart = lines(&run(dir.path(), &[args, &["--format", "jsonl"]].concat()));
        let held: Vec<serde_json::Value> =
            serde_json::from_slice(&run(dir.path(), &[args, &["--format", "json"]].concat()))
                .unwrap();
        assert!(apart.len() > 100, "{args:?}: {} rows", apart.len());
        assert_eq!(apart, held, "{args:?}");
        // CSV, also written apart: the same rows in the same order.
        let csv = run(dir.path(), &[args, &["--format", "csv"]].concat());
        let ids: Vec<String> = csv::Reader::from_reader(csv.as_slice())
            .records()
            .map(|r| r.unwrap()[0].to_string())
            .collect();
        let held_ids: Vec<&str> = held.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, held_ids, "{args:?} as CSV");
    }
    // By name: folded name, then name, then file order, every route.
    let mut expected: Vec<(String, &str, usize)> = ds
        .routes
        .iter()
        .enumerate()
        .map(|(i, r)| (fold(&r.name), r.name.as_str(), i))
        .collect();
    expected.sort();
    let got = lines(&run(
        dir.path(),
        &["routes", "--sort", "name", "--format", "jsonl"],
    ));
    let ids: Vec<&str> = got.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let want: Vec<&str> = expected
        .iter()
        .map(|e| ds.routes[e.2].id.as_str())
        .collect();
    assert_eq!(ids, want);
    // Largest first: the names reversed, equal names still in file order.
    expected.sort_by(|a, b| (&b.0, b.1).cmp(&(&a.0, a.1)).then(a.2.cmp(&b.2)));
    let got = lines(&run(
        dir.path(),
        &["routes", "--sort", "name:desc", "--format", "jsonl"],
    ));
    let ids: Vec<&str> = got.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let want: Vec<&str> = expected
        .iter()
        .map(|e| ds.routes[e.2].id.as_str())
        .collect();
    assert_eq!(ids, want, "--sort name:desc");
}

#[test]
fn search_reading_raw_cells_matches_search_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path());
    let ds = Dataset::load(&Package::Dir(dir.path().to_path_buf())).unwrap();
    // A name with a dash other than ASCII.
    let route = &ds.routes.iter().find(|r| !r.name.is_ascii()).unwrap().name;
    for text in [
        "steel",
        "STEEL BARS",
        "fell sharply",
        "odd",
        "informant",
        route.as_str(),
        "Ch’ŏngjin",
        "citing local officials",
        "zzzz-nothing",
    ] {
        let want = nkport::cmd::search::search(&ds, text);
        // Row by row, and in blocks of a few kilobytes (hits of many
        // blocks taken in order).
        for block in ["0", "997", "65536"] {
            let out = common::command()
                .args(["search", text, "--format", "json", "--data"])
                .arg(dir.path())
                .env("NKPORT_BLOCK_BYTES", block)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", common::stderr(&out));
            let got: Vec<[String; 5]> =
                serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
                    .unwrap()
                    .iter()
                    .map(|h| {
                        ["table", "id", "summary", "field", "text"]
                            .map(|k| h[k].as_str().unwrap_or("").to_string())
                    })
                    .collect();
            assert_eq!(got, want, "search {text:?}, blocks of {block}");
        }
    }
}

#[test]
fn show_reading_some_rows_matches_show_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path());
    let ds = Dataset::load(&Package::Dir(dir.path().to_path_buf())).unwrap();
    let names = Names::new(&ds, &Table::ALL);
    let province = ds
        .places
        .iter()
        .find(|p| p.kind == PlaceKind::Province)
        .unwrap();
    let city = ds
        .places
        .iter()
        .find(|p| p.kind == PlaceKind::City)
        .unwrap();
    let claim = &ds.claims[0];
    let queries = [
        ds.ports[0].id.clone(),
        format!("ports:{}", ds.ports[1].id),
        format!("Route:{}", ds.routes[11].id),
        ds.ports[2].name.clone(),
        province.id.clone(),
        city.name.clone(),
        ds.routes[7].id.clone(),
        ds.routes[9].name.clone(),
        ds.citations[3].id.clone(),
        ds.citations.last().unwrap().id.clone(),
        claim.id.clone(),
        ds.docks[0].id.clone(),
        ds.sources[0].id.clone(),
        ds.events[0].title.clone(),
    ];
    let mut shown = 0;
    let blocks = ["0", "997", "65536"];
    let nowhere = ["Nowhere-at-all".to_string()];
    let all = queries.iter().chain(&nowhere);
    for (q, block) in all.flat_map(|q| blocks.iter().map(move |b| (q, b))) {
        let out = common::command()
            .args(["show", q, "--format", "json", "--data"])
            .arg(dir.path())
            .env("NKPORT_BLOCK_BYTES", block)
            .output()
            .unwrap();
        match names.resolve(q, &Table::by_rank()) {
            Ok(hit) => {
                assert!(out.status.success(), "show {q:?}: {}", common::stderr(&out));
                let see_also = names
                    .lookup(q)
                    .into_iter()
                    .filter(|h| h.table != hit.table)
                    .map(|h| h.to_string())
                    .collect();
                let want = nkport::cmd::show::build(&ds, hit, see_also);
                let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                assert_eq!(got, serde_json::to_value(want).unwrap(), "show {q:?}");
                shown += 1;
            }
            // Nothing or several records of one table: the same message,
            // with the same closest names.
            Err(e) => {
                assert!(!out.status.success(), "show {q:?}");
                assert!(
                    common::stderr(&out).contains(&e.to_string()),
                    "show {q:?}: {}\nexpected: {e}",
                    common::stderr(&out)
                );
            }
        }
    }
    assert!(shown >= 30, "{shown} shown");
}

/// Rewrites cells of `file` in `dir`: `(row, column, new text)`, rows
/// counted from 0 after the header.
fn set_cells(dir: &Path, file: &str, edits: &[(usize, &str, &str)]) {
    let path = dir.join(file);
    let mut r = csv::Reader::from_path(&path).unwrap();
    let head = r.headers().unwrap().clone();
    let mut rows: Vec<Vec<String>> = r
        .records()
        .map(|row| row.unwrap().iter().map(str::to_string).collect())
        .collect();
    for &(row, col, text) in edits {
        let c = head.iter().position(|h| h == col).unwrap();
        rows[row][c] = text.to_string();
    }
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&head).unwrap();
    for row in rows {
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
}

/// Where a problem is: file name, line, field.
type At = (String, u64, String);

/// The problems a straight, one-thread check finds of the kinds injected
/// below, in the order `check` reports them: every id problem (form, then
/// repeats, looked up in one map of the whole package), then every cell
/// problem (required, control characters, references resolved through
/// that map, the table's rules), then rows no citation names.
fn straight_check(dir: &Path, ds: &Dataset) -> Vec<At> {
    use nkport::model::{TableFn, Value};
    let lines = |t: Table| -> Vec<u64> {
        let mut r = csv::Reader::from_path(dir.join(format!("{}.csv", t.name()))).unwrap();
        let mut rec = csv::StringRecord::new();
        let mut out = Vec::new();
        while r.read_record(&mut rec).unwrap() {
            out.push(rec.position().unwrap().line());
        }
        out
    };
    struct Pass<'a> {
        ds: &'a Dataset,
        lines: &'a dyn Fn(Table) -> Vec<u64>,
        seen: &'a mut HashMap<String, Table>,
        cited: &'a BTreeSet<(Table, String)>,
        step: u8,
        out: &'a mut Vec<At>,
    }
    impl TableFn for Pass<'_> {
        type Out = ();
        fn call<T: Record>(self) {
            let lines = (self.lines)(T::TABLE);
            let file = format!("{}.csv", T::TABLE.name());
            for (i, r) in self.ds.rows::<T>().iter().enumerate() {
                let mut at = |field: &str| self.out.push((file.clone(), lines[i], field.into()));
                match self.step {
                    0 => {
                        let slug = r
                            .id()
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                        if !slug {
                            at("id");
                        }
                        if self.seen.contains_key(r.id()) {
                            at("id");
                        } else {
                            self.seen.insert(r.id().to_string(), T::TABLE);
                        }
                    }
                    1 => {
                        for (c, col) in T::COLUMNS.iter().enumerate() {
                            let v = r.value(c);
                            if v.is_empty() {
                                if col.required {
                                    at(col.name);
                                }
                                continue;
                            }
                            if v.items().iter().any(|s| s.chars().any(|c| c == '\u{7}')) {
                                at(col.name);
                            }
                            let dangles = |id: &str, targets: &[Table]| {
                                !self.seen.get(id).is_some_and(|t| targets.contains(t))
                            };
                            let bad = match (col.kind, &v) {
                                (Kind::Ref(ts) | Kind::RefList(ts), _) => {
                                    v.items().iter().any(|id| dangles(id, ts))
                                }
                                (Kind::RecordRef, Value::Text(s)) => {
                                    let (t, id) = s.split_once(':').unwrap();
                                    dangles(
                                        id,
                                        &[Table::ALL.into_iter().find(|x| x.name() == t).unwrap()],
                                    )
                                }
                                _ => false,
                            };
                            if bad {
                                at(col.name);
                            }
                        }
                        for (field, _) in r.rules() {
                            at(field);
                        }
                    }
                    _ => {
                        let key = (T::TABLE, r.id().to_string());
                        if r.certainty().is_some() && !self.cited.contains(&key) {
                            at("id");
                        }
                    }
                }
            }
        }
    }
    let cited: BTreeSet<(Table, String)> = ds
        .citations
        .iter()
        .map(|c| (c.record.table(), c.record.id().to_string()))
        .collect();
    let (mut seen, mut out) = (HashMap::new(), Vec::new());
    for step in 0..3 {
        for t in Table::ALL {
            t.dispatch(Pass {
                ds,
                lines: &lines,
                seen: &mut seen,
                cited: &cited,
                step,
                out: &mut out,
            });
        }
    }
    out
}

#[test]
fn check_reading_tables_side_by_side_matches_a_straight_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    synth::generate(3000, d).unwrap();
    let ds = Dataset::load(&Package::new(Some(d.to_path_buf()))).unwrap();
    let (port, event) = (ds.ports[0].id.clone(), ds.events[1].id.clone());
    let route8 = ds.routes[8].id.clone();
    // Faults in several tables, so that the order in which tables are
    // checked shows: dangling references, repeated ids within a table and
    // across tables, a bad slug, a control character.
    set_cells(
        d,
        "routes.csv",
        &[
            (5, "origin", "no-such-port"),
            (7, "id", &port),
            (9, "id", &route8),
            (11, "notes", "a bell \u{7} rings"),
            (2900, "via", "nowhere;also-nowhere"),
        ],
    );
    set_cells(
        d,
        "citations.csv",
        &[
            (3, "record", "routes:missing-route"),
            (4, "id", "Bad Id"),
            (6, "id", &event),
        ],
    );
    set_cells(d, "ports.csv", &[(2, "place", "nowhere")]);
    let faulty = Dataset::load(&Package::new(Some(d.to_path_buf()))).unwrap();
    let want = straight_check(d, &faulty);
    assert!(want.len() >= 12, "{want:?}");

    let out = common::command()
        .args(["check", "--data"])
        .arg(d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let text = String::from_utf8([out.stdout, out.stderr].concat()).unwrap();
    let got: Vec<At> = text
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .map(|l| {
            let mut parts = l.splitn(3, ": ");
            let (place, field) = (parts.next().unwrap(), parts.next().unwrap());
            let (path, line) = place.rsplit_once(':').unwrap();
            let file = Path::new(path).file_name().unwrap().to_string_lossy();
            let field = field.trim_start_matches("field `").trim_end_matches('`');
            (file.into_owned(), line.parse().unwrap(), field.to_string())
        })
        .collect();
    assert_eq!(got, want, "{text}");
}

/// [`package`], with quoted cells that span lines: every 7th route's notes
/// run over three lines with commas and doubled quotes, every 11th route's
/// name holds a comma; so that, read in blocks of a few kilobytes, quoted
/// line breaks and commas fall on, before and after block boundaries.
fn package_of_many_lines(dir: &Path) {
    package(dir);
    edit_routes(dir, |i, cells, col| {
        if i % 7 == 0 {
            cells[col("notes")] =
                format!("first line of {i},\nsecond line, \"quoted\",\n\nlast line");
        }
        if i % 11 == 0 {
            cells[col("name")].push_str(", with a comma");
        }
    });
}

/// Rewrites `dir/routes.csv`, row by row: `edit(index, cells, column)`.
fn edit_routes(dir: &Path, mut edit: impl FnMut(usize, &mut Vec<String>, &dyn Fn(&str) -> usize)) {
    let path = dir.join("routes.csv");
    let mut r = csv::Reader::from_path(&path).unwrap();
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&head).unwrap();
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(str::to_string).collect();
        edit(i, &mut cells, &col);
        w.write_record(&cells).unwrap();
    }
    w.flush().unwrap();
}

/// What a run of `args` on the package in `dir` gives (stdout, stderr,
/// exit code), the big tables read in blocks of `block` bytes (`"0"`: one
/// record at a time).
fn run_in_blocks(dir: &Path, args: &[&str], block: &str) -> (Vec<u8>, String, Option<i32>) {
    let out = common::command()
        .env("NKPORT_BLOCK_BYTES", block)
        .args(args)
        .arg("--data")
        .arg(dir)
        .output()
        .unwrap();
    let stderr = common::stderr(&out);
    (out.stdout, stderr, out.status.code())
}

/// Block sizes that cut the test package into many blocks (one smaller
/// than a record: no block can be cut at all).
const BLOCKS: [&str; 4] = ["100", "997", "4096", "65536"];

#[test]
fn reading_in_blocks_matches_reading_a_record_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    package_of_many_lines(dir.path());
    let text = std::fs::read_to_string(dir.path().join("routes.csv")).unwrap();
    assert!(text.len() > 100 * 4096, "{} bytes", text.len());
    assert!(text.contains("\"first line of 7,\nsecond line, \"\"quoted\"\",\n\nlast line\""));
    for args in [
        &["routes", "--goods", "steel", "--format", "csv"][..],
        &["routes", "--format", "csv"],
        &[
            "routes",
            "--mode",
            "sea",
            "--format",
            "jsonl",
            "--columns",
            "id,notes,name",
        ],
        &[
            "routes", "--goods", "steel", "--format", "csv", "--limit", "37",
        ],
        &["routes", "--format", "tsv", "--limit", "1"],
        &["routes", "--sort", "name", "--format", "csv"],
        &[
            "routes",
            "--sort",
            "goods:desc,period",
            "--goods",
            "coal",
            "--format",
            "jsonl",
        ],
        &[
            "routes", "--sort", "name", "--format", "csv", "--limit", "250",
        ],
    ] {
        let one = run_in_blocks(dir.path(), args, "0");
        assert_eq!(one.2, Some(0), "{args:?}: {}", one.1);
        assert!(one.0.len() > 100, "{args:?}: {} bytes", one.0.len());
        for block in BLOCKS {
            assert!(
                run_in_blocks(dir.path(), args, block) == one,
                "{args:?} in blocks of {block} bytes differs"
            );
        }
    }
}

/// The physical line (1-based) of the route whose id is `id`.
fn line_of(dir: &Path, id: &str) -> usize {
    let text = std::fs::read_to_string(dir.join("routes.csv")).unwrap();
    let at = text.find(&format!("\n{id},")).unwrap();
    text[..=at].matches('\n').count() + 1
}

/// Replaces `old` by `new`, once, in the bytes of `dir/routes.csv`.
fn replace_once(dir: &Path, old: &[u8], new: &[u8]) {
    let path = dir.join("routes.csv");
    let bytes = std::fs::read(&path).unwrap();
    let at = memchr_find(&bytes, old).unwrap_or_else(|| panic!("no {old:?}"));
    std::fs::write(
        &path,
        [&bytes[..at], new, &bytes[at + old.len()..]].concat(),
    )
    .unwrap();
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn reading_in_blocks_fails_and_falls_back_as_reading_a_record_at_a_time() {
    let base = tempfile::tempdir().unwrap();
    package_of_many_lines(base.path());
    // A route deep in the file that `--goods steel` keeps.
    let mut r = csv::Reader::from_path(base.path().join("routes.csv")).unwrap();
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let deep = (2400..rows.len())
        .find(|&i| {
            rows[i][col("goods")].contains("steel") && &rows[i][col("certainty")] == "stated"
        })
        .unwrap();
    let id = rows[deep][0].to_string();
    let line = line_of(base.path(), &id);
    let row = format!("\n{id},");
    let row = row.as_bytes();
    type Edit<'a> = Box<dyn Fn(&Path) + 'a>;
    // (what, the edit, a part of the message expected, if one is)
    let cases: Vec<(&str, Edit, Option<String>)> = vec![
        (
            "a certainty that is not one",
            Box::new(|d: &Path| {
                edit_routes(d, |i, cells, col| {
                    if i == deep {
                        cells[col("certainty")] = "sure".into();
                    }
                })
            }),
            Some(format!("routes.csv:{line}: field `certainty`")),
        ),
        (
            "a field too many",
            Box::new(|d: &Path| replace_once(d, row, &[row, b"extra,"].concat())),
            Some(format!("routes.csv:{line}: expected 12 fields")),
        ),
        (
            "a name that is not UTF-8",
            Box::new(|d: &Path| replace_once(d, row, &[row, b"\xff"].concat())),
            Some(format!("routes.csv:{line}: field `name`: invalid UTF-8")),
        ),
        (
            "a CRLF line end",
            Box::new(|d: &Path| replace_once(d, row, &[b"\r", row].concat())),
            None,
        ),
        (
            "a blank line",
            Box::new(|d: &Path| replace_once(d, row, &[b"\n", row].concat())),
            None,
        ),
        (
            "a stray quote",
            Box::new(|d: &Path| {
                let odd = format!("\n{id}x\"y\"z,");
                replace_once(d, row, odd.as_bytes());
            }),
            None,
        ),
        (
            "a quote never closed",
            Box::new(|d: &Path| {
                let last = format!("\n{},", &rows[rows.len() - 1][0]);
                replace_once(d, last.as_bytes(), format!("{last}\"x").as_bytes());
            }),
            Some(format!(
                "routes.csv:{}: field `name`: a quoted cell starting on this line is never closed",
                line_of(base.path(), &rows[rows.len() - 1][0])
            )),
        ),
        (
            "no line break at the end",
            Box::new(|d: &Path| {
                let path = d.join("routes.csv");
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, text.trim_end_matches('\n')).unwrap();
            }),
            None,
        ),
        (
            "a quoted line break in the last cell of the file",
            Box::new(|d: &Path| {
                let last = rows.len() - 1;
                edit_routes(d, |i, cells, col| {
                    if i == last {
                        cells[col("notes")] = "end,\nof file".into();
                    }
                });
                let path = d.join("routes.csv");
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(text.ends_with("of file\"\n"));
                std::fs::write(&path, text.trim_end_matches('\n')).unwrap();
            }),
            None,
        ),
    ];
    for (what, edit, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        common::copy_files(base.path(), dir.path()).unwrap();
        edit(dir.path());
        for args in [
            &["routes", "--goods", "steel", "--format", "csv"][..],
            &["routes", "--sort", "name", "--format", "jsonl"],
            &["routes", "--format", "csv", "--limit", "2990"],
        ] {
            let one = run_in_blocks(dir.path(), args, "0");
            // (With --limit, the rows wanted may all come before the fault.)
            match &message {
                Some(m) if !args.contains(&"--limit") => {
                    assert_ne!(one.2, Some(0), "{what}: {args:?} succeeds");
                    assert!(one.1.contains(m.as_str()), "{what}: {args:?}: {}", one.1);
                }
                Some(_) => {}
                None => assert_eq!(one.2, Some(0), "{what}: {args:?}: {}", one.1),
            }
            for block in BLOCKS {
                let blocks = run_in_blocks(dir.path(), args, block);
                assert!(
                    blocks == one,
                    "{what}: {args:?} in blocks of {block} bytes differs: {} / {}",
                    blocks.1,
                    one.1
                );
            }
        }
    }
}
