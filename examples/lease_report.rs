//! A lease report: every lease in the embedded data with its port, lessee,
//! term, end (given or derived) and whether it is in force on a date.
//!
//! Run: `cargo run --example lease_report -- 2030-01-01`

use nkport::dataset::Dataset;
use nkport::load::Package;
use nkport::model::{Port, Vocab};
use nkport::time::{active_on, lease_end, remaining};

fn main() -> anyhow::Result<()> {
    let day = match std::env::args().nth(1) {
        Some(d) => d.parse()?,
        None => nkport::date::today(),
    };
    let ds = Dataset::load(&Package::Embedded)?;
    println!("Leases as of {day}\n");
    for lease in &ds.leases {
        let port = ds
            .get::<Port>(&lease.port)
            .map_or(lease.port.as_str(), |p| p.name.as_str());
        let lessee = lease.lessee.as_deref().unwrap_or("(lessee not given)");
        let country = lease.lessee_country.as_deref().unwrap_or("?");
        println!(
            "{port}: {lessee} ({country}) [{}]",
            lease.certainty.as_str()
        );
        match lease.term_years {
            Some(t) => println!("  term:      {t} years"),
            None => println!("  term:      not given"),
        }
        if let Some(s) = &lease.signed {
            println!("  signed:    {}", s.human());
        }
        match lease_end(lease) {
            Some((end, basis)) => println!("  ends:      {} ({})", end.human(), basis.as_str()),
            None => println!("  ends:      unknown"),
        }
        if let Some(r) = remaining(lease, day) {
            println!("  remaining: {r}");
        }
        println!("  in force on {day}: {}", active_on(lease, day));
        let quotes = ds.citations.iter().filter(|c| {
            c.record.table() == nkport::model::Table::Leases && c.record.id() == lease.id
        });
        for c in quotes {
            println!("  “{}” — {}", c.quote, c.source);
        }
        println!();
    }
    Ok(())
}
