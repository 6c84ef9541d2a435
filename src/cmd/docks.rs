//! `nkport docks`: list docks, piers and berths.

use super::{Common, list};
use crate::config::Config;
use crate::model::{Dock, Table};

/// Filters of `docks`.
#[derive(Debug, clap::Args, Clone, Default)]
#[command(after_help = r#"Examples:
  nkport docks --port chongjin
  nkport docks --port rajin --format json"#)]
pub struct Args {
    /// Keep docks of this port (or of the ports in this place).
    #[arg(long, value_name = "P")]
    pub port: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `docks`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<()> {
    list::<Dock>(g, |ctx| {
        let mut f = a.common.filters(ctx)?;
        if let Some(p) = &a.port {
            f.push(ctx.within::<Dock>(&["port"], p, &[Table::Ports, Table::Places])?);
        }
        Ok(f)
    })
}
