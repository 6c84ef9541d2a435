//! `nkport sources`: list the sources behind the data.

use super::{Common, contains_known, list, one_of};
use crate::config::Config;
use crate::model::{Source, SourceKind};

/// Filters of `sources`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport sources --kind news
  nkport sources --publisher "Daily NK""#)]
pub struct Args {
    /// Keep sources of this kind.
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub kind: Vec<SourceKind>,
    /// Keep sources whose publisher contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub publisher: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `sources`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    list::<Source>(g, |ctx| {
        let mut f = a.common.filters(ctx)?;
        if let Some(p) = &a.publisher {
            f.push(contains_known::<Source>(ctx, "publisher", p)?);
        }
        f.extend(one_of::<Source, _>("kind", &a.kind)?);
        Ok(f)
    })
}
