//! `nkport citations`: list citations, the quotes behind the records.

use super::{Common, contains, is, list};
use crate::config::Config;
use crate::model::Citation;

/// Filters of `citations`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport citations --record ports:chongjin-port
  nkport citations --source dailynk-north-pyongan-trade --quote steel"#)]
pub struct Args {
    /// Keep citations of this record (id, table:id, name or alias).
    #[arg(long, value_name = "X")]
    pub record: Option<String>,
    /// Keep citations whose quote contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub quote: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `citations`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    list::<Citation>(g, |ctx| {
        let mut f = a.common.filters(ctx)?;
        if let Some(r) = &a.record {
            f.push(is::<Citation>("record", ctx.record_refs(r)?)?);
        }
        if let Some(q) = &a.quote {
            f.push(contains::<Citation>("quote", q)?);
        }
        Ok(f)
    })
}
