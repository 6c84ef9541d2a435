//! `nkport leases`: list leases of docks and ports, with their terms.
//!
//! Examples:
//!   nkport leases --port chongjin
//!   nkport leases --lessee-country CN --lessee haihua

use super::{Common, contains, is, list, one_of};
use crate::cli::Global;
use crate::model::{Lease, LeaseStatus, Table};

/// Filters of `leases`.
#[derive(Debug, clap::Args, Clone, Default)]
pub struct Args {
    /// Keep leases of this port (or of the ports in this place).
    #[arg(long, value_name = "P")]
    pub port: Option<String>,
    /// Keep leases whose lessee contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub lessee: Option<String>,
    /// Keep leases whose lessee is of this country (ISO code such as CN).
    #[arg(long, value_name = "CC")]
    pub lessee_country: Option<String>,
    /// Keep leases of this status.
    #[arg(long, value_delimiter = ',', value_enum)]
    pub status: Vec<LeaseStatus>,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `leases`.
pub fn run(g: &Global, a: &Args) -> anyhow::Result<()> {
    list::<Lease>(g, |ctx| {
        let mut f = a.common.filters(ctx)?;
        if let Some(p) = &a.port {
            f.push(ctx.within::<Lease>(&["port", "docks"], p, &[Table::Ports, Table::Places])?);
        }
        if let Some(t) = &a.lessee {
            f.push(contains::<Lease>("lessee", t)?);
        }
        if let Some(c) = &a.lessee_country {
            f.push(is::<Lease>(
                "lessee_country",
                [c.trim().to_ascii_uppercase()],
            )?);
        }
        f.extend(one_of::<Lease, _>("status", &a.status)?);
        Ok(f)
    })
}
