//! Output heads carry what each column holds (text, integer, number, list,
//! date, reference, geometry), for typed formats such as SQLite and Parquet.

use nkport::model::{Lease, Value};
use nkport::output::{CellKind, Head};
use nkport::query::{DeriveContext, View, ViewOptions};

fn heads(labels: bool) -> Vec<Head> {
    let ctx = DeriveContext {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        active_on: None,
        expiring_before: None,
        ties: false,
    };
    let opts = ViewOptions {
        labels,
        ..ViewOptions::default()
    };
    View::<Lease>::new(&opts, ctx).unwrap().heads()
}

fn kind(heads: &[Head], name: &str) -> CellKind {
    heads
        .iter()
        .find(|h| h.name == name)
        .unwrap_or_else(|| panic!("no column {name}"))
        .kind
}

#[test]
fn lease_columns_are_typed_from_the_model() {
    let h = heads(true);
    assert_eq!(kind(&h, "id"), CellKind::Text);
    assert_eq!(kind(&h, "port"), CellKind::Reference);
    assert_eq!(kind(&h, "docks"), CellKind::List);
    assert_eq!(kind(&h, "term_years"), CellKind::Integer);
    assert_eq!(kind(&h, "signed"), CellKind::Date);
    // Derived and label columns are typed too.
    assert_eq!(kind(&h, "end_effective"), CellKind::Date);
    assert_eq!(kind(&h, "remaining"), CellKind::Text);
    assert_eq!(kind(&h, "port_name"), CellKind::Text);
    assert_eq!(kind(&h, "docks_names"), CellKind::List);
    assert!(
        h.iter()
            .filter(|h| h.is_date())
            .all(|h| h.kind == CellKind::Date)
    );
}

#[test]
fn whole_numbers_are_integers() {
    assert_eq!(Value::Number(30.0).as_integer(), Some(30));
    assert_eq!(Value::Number(0.5).as_integer(), None);
    assert_eq!(Value::Text("30").as_integer(), None);
}
