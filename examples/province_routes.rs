//! The trade and transport routes of one province: every route whose
//! origin, destination or a via point lies in it, following the place
//! hierarchy (a port lies in its city, a city in its province).
//!
//! Run: `cargo run --example province_routes -- "North Pyongan"`

use nkport::dataset::Dataset;
use nkport::load::Package;
use nkport::model::Table;
use nkport::names::Names;
use nkport::query::filter::ids_within;

fn main() -> anyhow::Result<()> {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "North Hamgyong".to_string());
    let ds = Dataset::load(&Package::Embedded)?;
    let names = Names::new(&ds, &[Table::Places]);
    let province = names.resolve(&name, &[Table::Places])?;
    let inside = ids_within(&ds, &province.id);
    println!("Routes touching {} ({}):", province.label, province.id);
    for r in &ds.routes {
        let mut ends = vec![&r.origin, &r.destination];
        ends.extend(r.via.iter());
        if ends.iter().any(|id| inside.contains(*id)) {
            let goods = if r.goods.is_empty() {
                String::new()
            } else {
                format!(" carrying {}", r.goods.join(", "))
            };
            println!(
                "  {} — {} → {} by {}{goods} [{}, {}]",
                r.name, r.origin, r.destination, r.mode, r.status, r.certainty
            );
        }
    }
    Ok(())
}
