//! The Datasette metadata file written beside a SQLite database
//! (`pkg.db` → `pkg.metadata.json`): title, description, source and licence
//! of the package, and per table its description, column descriptions,
//! label column, facets and full-text index, all taken from the package's
//! descriptor (`datapackage.json`) and the tables as written.
//!
//! `datasette pkg.db -m pkg.metadata.json` then shows labels for
//! references, the rows that point at a row, facets and search.

use super::sqlite::{ColType, Shape, fts_table, link_table, singular};
use crate::model::Table;
use serde_json::{Map, Value as Json, json};
use std::path::{Path, PathBuf};

/// The metadata file's path for database `db`.
pub fn path_for(db: &Path) -> PathBuf {
    let stem = db
        .file_stem()
        .map_or_else(|| "nkport".into(), |s| s.to_string_lossy().into_owned());
    db.with_file_name(format!("{stem}.metadata.json"))
}

/// The columns Datasette should show as a row's label, in order of preference.
const LABELS: &[&str] = &["name", "title", "label", "quote", "value"];

/// Datasette metadata for database `db_name` holding `shapes`, described by
/// the package descriptor (if the package has one).
pub fn metadata(db_name: &str, descriptor: Option<&Json>, shapes: &[Shape]) -> Json {
    let d = descriptor.cloned().unwrap_or(Json::Null);
    let mut top = Map::new();
    for key in ["title", "description"] {
        if let Some(v) = d.get(key).and_then(Json::as_str) {
            top.insert(key.into(), v.into());
        }
    }
    if let Some(s) = d.get("sources").and_then(|s| s.get(0)) {
        if let Some(t) = s.get("title").and_then(Json::as_str) {
            top.insert("source".into(), t.into());
        }
        if let Some(u) = s.get("path").and_then(Json::as_str) {
            top.insert("source_url".into(), u.into());
        }
    }
    if let Some(l) = d.get("licenses").and_then(|l| l.get(0)) {
        if let Some(t) = l
            .get("title")
            .or_else(|| l.get("name"))
            .and_then(Json::as_str)
        {
            top.insert("license".into(), t.into());
        }
        if let Some(u) = l.get("path").and_then(Json::as_str) {
            top.insert("license_url".into(), u.into());
        }
    }
    let resources: Vec<&Json> = d
        .get("resources")
        .and_then(Json::as_array)
        .map(|r| r.iter().collect())
        .unwrap_or_default();
    let resource = |name: &str| {
        resources
            .iter()
            .find(|r| r.get("name").and_then(Json::as_str) == Some(name))
            .copied()
    };
    let mut tables = Map::new();
    for shape in shapes {
        let res = shape.table.and_then(|t| resource(t.name()));
        let field = |col: &str| {
            res.and_then(|r| r.pointer("/schema/fields"))
                .and_then(Json::as_array)
                .and_then(|f| {
                    f.iter()
                        .find(|f| f.get("name").and_then(Json::as_str) == Some(col))
                })
        };
        let mut t = Map::new();
        if let Some(r) = res {
            for key in ["title", "description"] {
                if let Some(v) = r.get(key).and_then(Json::as_str) {
                    t.insert(key.into(), v.into());
                }
            }
        }
        let mut columns = Map::new();
        let mut facets: Vec<Json> = Vec::new();
        for h in &shape.heads {
            let f = field(&h.name);
            let desc = f
                .and_then(|f| f.get("description"))
                .and_then(Json::as_str)
                .or_else(|| computed_description(shape.table, &h.name))
                .unwrap_or("");
            if !desc.is_empty() {
                columns.insert(h.name.clone(), desc.into());
            }
            let has_enum = f.and_then(|f| f.pointer("/constraints/enum")).is_some();
            match ColType::of(h, shape.table) {
                ColType::Date => {
                    for (side, word) in [("earliest", "Earliest"), ("latest", "Latest")] {
                        columns.insert(
                            format!("{}_{side}", h.name),
                            format!(
                                "{word} possible day of {} (ISO 8601; empty when open or unknown).",
                                h.name
                            )
                            .into(),
                        );
                    }
                }
                ColType::Ref(ts) if ts.len() > 1 => {
                    for t in ts.iter() {
                        columns.insert(
                            format!("{}_{}", h.name, t.name()),
                            format!("{} where it is a row of {}.", h.name, t.name()).into(),
                        );
                    }
                }
                ColType::RecordRef => {
                    columns.insert(
                        format!("{}_table", h.name),
                        format!("The table {} points into.", h.name).into(),
                    );
                }
                ColType::Text if has_enum || h.name == "certainty" => {
                    facets.push(h.name.clone().into())
                }
                ColType::Text if h.name.ends_with("country") => facets.push(h.name.clone().into()),
                ColType::List if h.name == "goods" => facets.push(json!({ "array": h.name })),
                _ => {}
            }
        }
        t.insert("columns".into(), columns.into());
        if let Some(label) = LABELS
            .iter()
            .find(|l| shape.heads.iter().any(|h| h.name == **l))
        {
            t.insert("label_column".into(), (*label).into());
        }
        if !facets.is_empty() {
            t.insert("facets".into(), facets.into());
        }
        if !shape.fts_columns().is_empty() {
            t.insert("fts_table".into(), fts_table(&shape.name).into());
        }
        tables.insert(shape.name.clone(), t.into());
        if shape.has_id() {
            for h in &shape.heads {
                if let ColType::RefList(_) = ColType::of(h, shape.table) {
                    tables.insert(
                        link_table(&shape.name, &h.name),
                        json!({
                            "description": format!(
                                "One row per item of {}.{}: the {} and the item's position in the list.",
                                shape.name,
                                h.name,
                                singular(&shape.name)
                            ),
                        }),
                    );
                }
            }
        }
    }
    top.insert(
        "databases".into(),
        json!({ db_name: { "tables": Json::Object(tables) } }),
    );
    Json::Object(top)
}

/// What the columns nkport computes (not in the descriptor) hold.
fn computed_description(table: Option<Table>, column: &str) -> Option<&'static str> {
    if table != Some(Table::Leases) {
        return None;
    }
    Some(match column {
        "end_effective" => {
            "Computed by nkport: the end as given, else start + term_years, else signed + term_years (EDTF)."
        }
        "end_basis" => {
            "Computed by nkport: how end_effective is known (given, derived: start + term, derived: signed + term)."
        }
        "remaining" => {
            "Computed by nkport: the term remaining on the export's --as-of day (today unless given)."
        }
        "active_on" => {
            "Computed by nkport: is the lease in force on the --active-on day (yes, no or possibly)."
        }
        "expiring_before" => {
            "Computed by nkport: does the lease end before the --expiring-before day (yes, no or possibly)."
        }
        _ => return None,
    })
}
