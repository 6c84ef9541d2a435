//! `nkport search TEXT`: find TEXT in the names, aliases, notes and quotes of
//! every table (case, accents and punctuation ignored); results grouped by
//! table, each with the field and text that matched.
//!
//! Examples:
//!   nkport search "iron city"
//!   nkport search haihua --format json

use super::{Ctx, write_table};
use crate::dataset::Dataset;
use crate::model::{Record, Table, TableFn};
use crate::names::fold;
use crate::output::Owned;
use crate::query::filter::contains_folded;
use std::process::ExitCode;

/// Arguments of `search`.
#[derive(Debug, clap::Args, Clone)]
pub struct Args {
    /// The text to find.
    pub text: String,
}

/// One match: table, id, label, field and the text that matched.
pub type SearchHit = [String; 5];

/// Every match of `text` in `ds`, grouped by table in table order.
pub fn search(ds: &Dataset, text: &str) -> Vec<SearchHit> {
    struct Find<'a>(&'a Dataset, &'a str, &'a mut Vec<SearchHit>);
    impl TableFn for Find<'_> {
        type Out = ();
        fn call<T: Record>(self) {
            for r in self.0.rows::<T>() {
                let mut fields: Vec<(&str, &str)> = vec![("label", r.label())];
                fields.extend(r.names().into_iter().map(|n| ("name", n)));
                if let Some(n) = r.notes() {
                    fields.push(("notes", n));
                }
                fields.push(("id", r.id()));
                if let Some((field, found)) =
                    fields.into_iter().find(|(_, s)| contains_folded(s, self.1))
                {
                    let field = match (field, T::TABLE) {
                        ("label", Table::Citations) => "quote",
                        ("label", Table::Claims) => "value",
                        ("label", Table::Events | Table::Sources) => "title",
                        ("label", _) => "name",
                        (f, _) => f,
                    };
                    self.2.push([
                        T::TABLE.name().to_string(),
                        r.id().to_string(),
                        r.summary(),
                        field.to_string(),
                        found.to_string(),
                    ]);
                }
            }
        }
    }
    let needle = fold(text);
    let mut out = Vec::new();
    for t in Table::ALL {
        t.dispatch(Find(ds, &needle, &mut out));
    }
    out
}

/// Runs `search`.
pub fn run(ctx: &Ctx, a: &Args) -> anyhow::Result<ExitCode> {
    if fold(&a.text).is_empty() {
        anyhow::bail!(
            "expected search text with letters or digits, found {:?}",
            a.text
        );
    }
    let rows: Vec<Vec<Owned>> = search(&ctx.ds, &a.text)
        .into_iter()
        .map(|h| h.into_iter().map(Owned::Text).collect())
        .collect();
    write_table(
        &ctx.config,
        &["table", "id", "summary", "field", "text"],
        &rows,
    )?;
    Ok(ExitCode::SUCCESS)
}
