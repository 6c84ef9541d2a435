//! `data/datapackage.json` describes exactly the model: every table, its
//! columns in order, required columns, and vocabulary columns with the same
//! allowed values. A column added to the model without the descriptor (or the
//! other way round) fails here.

use nkport::model::{Kind, Table};
use serde_json::Value;

#[test]
fn descriptor_matches_the_model() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/datapackage.json"
    ))
    .unwrap();
    let pkg: Value = serde_json::from_str(&text).unwrap();
    let resources = pkg["resources"].as_array().unwrap();
    assert_eq!(resources.len(), Table::ALL.len());
    for t in Table::ALL {
        let r = resources
            .iter()
            .find(|r| r["name"] == t.name())
            .unwrap_or_else(|| panic!("no resource {t}"));
        assert_eq!(r["path"], format!("{}.csv", t.name()));
        let fields = r["schema"]["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        let model: Vec<&str> = t.columns().iter().map(|c| c.name).collect();
        assert_eq!(
            names, model,
            "{t}: descriptor fields differ from the model's columns"
        );
        for (f, c) in fields.iter().zip(t.columns()) {
            let required = f["constraints"]["required"].as_bool().unwrap_or(false);
            assert_eq!(required, c.required, "{t}.{}: required differs", c.name);
            if let Kind::Vocab(values) = c.kind {
                let allowed: Vec<&str> = f["constraints"]["enum"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{t}.{} has no enum constraint", c.name))
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                assert_eq!(
                    allowed, values,
                    "{t}.{}: enum differs from the vocabulary",
                    c.name
                );
            }
        }
        assert_eq!(
            r["schema"]["primaryKey"],
            serde_json::json!(["id"]),
            "{t}: primary key"
        );
    }
}
