//! A synthetic data package of any size, for benchmarks and tests.
//!
//! [`generate`] writes every table of a valid package (it passes `check`)
//! from a fixed seed, so the same number of routes always gives the same
//! files: a place hierarchy of a national register's size (4 countries, 20
//! provinces with ISO 3166-2 codes, 2,000 cities, 300 districts), 500 ports
//! with docks, facilities, leases, population figures, events, claims, the
//! routes asked for, and at least one citation for every factual row. The
//! values mix like the real data: modes, statuses, directions, goods lists
//! (about one route in seven carries steel), fuzzy dates of every EDTF form,
//! free-text notes with commas and quotes.
//!
//! Sources have no `file`, so their quotes count as unverifiable.

use nkport::load::write::{TableWriter, record_from_cells};
use nkport::model::{
    Citation, Claim, Dock, Event, Facility, Lease, Place, Population, Port, Record, Route, Source,
};
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

/// The seed every package is generated from.
pub const SEED: u64 = 0x6e6b_706f_7274_2024;

/// Rows written per table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// (table name, rows) in loading order.
    pub counts: Vec<(&'static str, usize)>,
}

impl Summary {
    /// All rows written.
    pub fn total(&self) -> usize {
        self.counts.iter().map(|(_, n)| n).sum()
    }
}

/// splitmix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn pick_ref<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An item chosen by integer weights.
    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.below(total as usize) as u32;
        for (item, w) in items {
            if x < *w {
                return *item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }

    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + self.below((hi - lo + 1) as usize) as i32
    }
}

/// One table being written, a row at a time: the generator's cells, named
/// by the columns it fills (`header`), are decoded into the table's typed
/// record as the loader decodes a CSV row, then written by the library's
/// writer. Columns the generator leaves out are empty, so a new optional
/// column in the model needs no change here.
struct Csv<T: Record> {
    out: TableWriter<T, BufWriter<File>>,
    names: Vec<&'static str>,
}

impl<T: Record> Csv<T> {
    fn create(dir: &Path, header: &'static str) -> io::Result<Csv<T>> {
        Ok(Csv {
            out: TableWriter::create(dir)?,
            names: header.split(',').collect(),
        })
    }

    fn row(&mut self, cells: &[&str]) -> io::Result<()> {
        let named = self.names.iter().copied().zip(cells.iter().copied());
        let row: T =
            record_from_cells(named).map_err(|e| io::Error::other(format!("{}: {e}", T::TABLE)))?;
        self.out.write(&row)
    }

    fn finish(self) -> io::Result<usize> {
        self.out.finish()
    }
}

const CERTAINTY: &[(&str, u32)] = &[
    ("stated", 40),
    ("reported", 30),
    ("estimated", 8),
    ("planned", 5),
    ("speculated", 7),
    ("inferred", 10),
];

const SYLLABLES: &[&str] = &[
    "chong", "jin", "sin", "ui", "ju", "ha", "nam", "hye", "san", "kang", "gye", "won", "son",
    "bong", "hung", "kim", "chaek", "hoe", "ryong", "ta", "bu", "dan", "hun", "chun", "yan", "tu",
    "men", "sa", "ri", "ko", "pung", "mu", "ryo", "pyok", "tong", "an", "ak", "yong", "sup", "cho",
];

/// (id, name, iso code, country id, country code).
const PROVINCES: &[(&str, &str, &str, &str, &str)] = &[
    ("pyongyang", "Pyongyang", "KP-01", "north-korea", "KP"),
    (
        "south-pyongan",
        "South Pyongan",
        "KP-02",
        "north-korea",
        "KP",
    ),
    (
        "north-pyongan",
        "North Pyongan",
        "KP-03",
        "north-korea",
        "KP",
    ),
    ("chagang", "Chagang", "KP-04", "north-korea", "KP"),
    (
        "south-hwanghae",
        "South Hwanghae",
        "KP-05",
        "north-korea",
        "KP",
    ),
    (
        "north-hwanghae",
        "North Hwanghae",
        "KP-06",
        "north-korea",
        "KP",
    ),
    ("kangwon", "Kangwon", "KP-07", "north-korea", "KP"),
    (
        "south-hamgyong",
        "South Hamgyong",
        "KP-08",
        "north-korea",
        "KP",
    ),
    (
        "north-hamgyong",
        "North Hamgyong",
        "KP-09",
        "north-korea",
        "KP",
    ),
    ("ryanggang", "Ryanggang", "KP-10", "north-korea", "KP"),
    ("rason", "Rason", "KP-13", "north-korea", "KP"),
    ("nampo-city", "Nampo", "KP-14", "north-korea", "KP"),
    ("liaoning", "Liaoning", "CN-LN", "china", "CN"),
    ("jilin", "Jilin", "CN-JL", "china", "CN"),
    ("heilongjiang", "Heilongjiang", "CN-HL", "china", "CN"),
    ("shandong", "Shandong", "CN-SD", "china", "CN"),
    ("primorsky", "Primorsky Krai", "RU-PRI", "russia", "RU"),
    ("khabarovsk", "Khabarovsk Krai", "RU-KHA", "russia", "RU"),
    ("niigata", "Niigata", "JP-15", "japan", "JP"),
    ("tottori", "Tottori", "JP-31", "japan", "JP"),
];

const COUNTRIES: &[(&str, &str, &str)] = &[
    ("north-korea", "North Korea", "KP"),
    ("china", "China", "CN"),
    ("russia", "Russia", "RU"),
    ("japan", "Japan", "JP"),
];

const GOODS: &[&str] = &[
    "coal",
    "iron ore",
    "seafood",
    "textiles",
    "rice",
    "fertilizer",
    "cement",
    "glass",
    "aluminium",
    "timber",
    "petroleum",
    "machinery",
    "vehicles",
    "consumer goods",
    "medicines",
    "cigarettes",
    "copper",
    "zinc",
    "sensitive items on the sanctions list",
    "electronics",
    "flour",
    "cooking oil",
];

const PUBLISHERS: &[&str] = &[
    "Daily NK",
    "NK News",
    "Yonhap",
    "Radio Free Asia",
    "38 North",
    "The Hankyoreh",
    "Xinhua",
    "Korea Central News Agency",
    "Sino-NK",
    "Asia Press",
];

/// The places of the package, for the tables that refer to them.
struct Places {
    /// City ids with their province's country code, by index.
    cities: Vec<(String, String, &'static str)>,
    districts: Vec<(String, String)>,
    /// Port ids and names, with their docks.
    ports: Vec<(String, String, Vec<String>)>,
    facilities: Vec<String>,
    sources: Vec<String>,
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A place name of two or three syllables that no other place has.
fn place_name(rng: &mut Rng, taken: &mut HashSet<String>) -> String {
    loop {
        let mut name = capitalise(rng.pick(SYLLABLES));
        name.push_str(rng.pick(SYLLABLES));
        if rng.chance(0.3) {
            name.push_str(rng.pick(SYLLABLES));
        }
        if taken.insert(name.to_lowercase()) {
            return name;
        }
    }
}

/// A fuzzy date of any EDTF form the package allows.
fn fuzzy_date(rng: &mut Rng) -> String {
    let y = rng.range(1990, 2024);
    match rng.below(20) {
        0..=5 => format!("{y}"),
        6..=9 => format!("{y}-{:02}", rng.range(1, 12)),
        10..=12 => format!("{y}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28)),
        13 => format!("{}X", y / 10),
        14..=15 => format!("{y}~"),
        16 => format!("{y}?"),
        17 => format!("{y}-{}", rng.range(21, 24)),
        18 => format!("{y}/{}", y + rng.range(1, 4)),
        _ => format!("{y}/.."),
    }
}

fn certainty(rng: &mut Rng) -> &'static str {
    rng.weighted(CERTAINTY)
}

fn coords(rng: &mut Rng, country: &str) -> (String, String) {
    let (lat, lon) = match country {
        "KP" => (
            37.7 + rng.below(5000) as f64 / 1000.0,
            124.3 + rng.below(6000) as f64 / 1000.0,
        ),
        "CN" => (
            35.0 + rng.below(12000) as f64 / 1000.0,
            118.0 + rng.below(12000) as f64 / 1000.0,
        ),
        "RU" => (
            42.5 + rng.below(6000) as f64 / 1000.0,
            130.5 + rng.below(8000) as f64 / 1000.0,
        ),
        _ => (
            35.0 + rng.below(3000) as f64 / 1000.0,
            133.0 + rng.below(6000) as f64 / 1000.0,
        ),
    };
    (format!("{lat:.5}"), format!("{lon:.5}"))
}

/// With probability `p`, coordinates in `country` and the source they are
/// from; else none.
fn maybe_coords<'a>(
    rng: &mut Rng,
    p: f64,
    country: &str,
    sources: &'a [String],
) -> (String, String, &'a str) {
    if rng.chance(p) {
        let (lat, lon) = coords(rng, country);
        (lat, lon, rng.pick_ref(sources).as_str())
    } else {
        (String::new(), String::new(), "")
    }
}

/// Citations, written as the rows they cite are.
struct Citations {
    csv: Csv<Citation>,
    n: usize,
}

impl Citations {
    fn cite(&mut self, rng: &mut Rng, sources: &[String], table: &str, id: &str) -> io::Result<()> {
        let k = if rng.chance(0.1) { 2 } else { 1 };
        for _ in 0..k {
            self.n += 1;
            let cid = format!("cit-{:08}", self.n);
            let record = format!("{table}:{id}");
            let source = rng.pick_ref(sources);
            let quote = match rng.below(4) {
                0 => format!("{id} is named in the report"),
                1 => format!("The {table} entry {id} was confirmed by a source"),
                2 => format!("According to an informant, {id} is in use"),
                _ => format!("Records list \"{id}\", citing local officials"),
            };
            self.csv.row(&[
                &cid,
                &record,
                source,
                &quote,
                "summary",
                "synthetic: no local text, the wording is the generator's",
            ])?;
        }
        Ok(())
    }
}

/// Writes a synthetic data package with `routes` routes into `dir` (created
/// if missing). The same `routes` always gives the same files.
pub fn generate(routes: usize, dir: &Path) -> io::Result<Summary> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng(SEED);
    let mut summary = Summary::default();
    let mut cites = Citations {
        csv: Csv::<Citation>::create(dir, "id,record,source,quote,quote_kind,note")?,
        n: 0,
    };

    // Sources.
    let mut csv = Csv::<Source>::create(
        dir,
        "id,title,publisher,authors,contributors,url,published,file,kind,language,certainty,notes",
    )?;
    let kinds = [
        ("news", 12),
        ("essay", 3),
        ("guide", 1),
        ("encyclopedia", 1),
        ("gazetteer", 1),
        ("statistics", 2),
        ("standard", 1),
        ("notes", 1),
        ("other", 1),
    ];
    let mut sources = Vec::new();
    for i in 1..=60 {
        let publisher = rng.pick(PUBLISHERS);
        let id = format!("synth-source-{i:03}");
        let title = format!(
            "{} report {i} on trade through {}",
            publisher,
            rng.pick(PROVINCES).1
        );
        let authors = if rng.chance(0.5) {
            format!(
                "{} {};{} {}",
                capitalise(rng.pick(SYLLABLES)),
                capitalise(rng.pick(SYLLABLES)),
                capitalise(rng.pick(SYLLABLES)),
                capitalise(rng.pick(SYLLABLES))
            )
        } else {
            String::new()
        };
        let url = format!("https://example.org/{}/{i}", id);
        csv.row(&[
            &id,
            &title,
            publisher,
            &authors,
            "",
            &url,
            &fuzzy_date(&mut rng),
            "",
            rng.weighted(&kinds),
            rng.pick(&["en", "ko", "zh", "ru"]),
            "stated",
            "Synthetic source: no local text.",
        ])?;
        sources.push(id);
    }
    for id in &sources {
        cites.cite(&mut rng, &sources, "sources", id)?;
    }
    summary.counts.push(("sources", csv.finish()?));

    // Places: countries, provinces, cities, districts.
    let mut csv = Csv::<Place>::create(
        dir,
        "id,name,kind,parent,country,iso_code,name_ko,aliases,lat,lon,coords_source,certainty,notes",
    )?;
    let mut taken: HashSet<String> = HashSet::new();
    for (id, name, code) in COUNTRIES {
        taken.insert(name.to_lowercase());
        csv.row(&[
            id, name, "country", "", code, "", "", code, "", "", "", "stated", "",
        ])?;
        cites.cite(&mut rng, &sources, "places", id)?;
    }
    for (id, name, iso, parent, country) in PROVINCES {
        taken.insert(name.to_lowercase());
        taken.insert(id.replace('-', ""));
        csv.row(&[
            id, name, "province", parent, country, iso, "", iso, "", "", "", "stated", "",
        ])?;
        cites.cite(&mut rng, &sources, "places", id)?;
    }
    let mut places = Places {
        cities: Vec::new(),
        districts: Vec::new(),
        ports: Vec::new(),
        facilities: Vec::new(),
        sources: sources.clone(),
    };
    for _ in 0..2000 {
        // Two cities in three are in North Korea.
        let p = if rng.chance(0.67) {
            rng.below(12)
        } else {
            12 + rng.below(PROVINCES.len() - 12)
        };
        let (pid, pname, _, _, country) = PROVINCES[p];
        let name = place_name(&mut rng, &mut taken);
        let id = name.to_lowercase();
        let (lat, lon, cs) = maybe_coords(&mut rng, 0.6, country, &sources);
        let notes = if rng.chance(0.2) {
            format!("A city of {pname}; coordinates are approximate, \"per the gazetteer\".")
        } else {
            String::new()
        };
        csv.row(&[
            &id,
            &name,
            "city",
            pid,
            country,
            "",
            "",
            "",
            &lat,
            &lon,
            cs,
            certainty(&mut rng),
            &notes,
        ])?;
        cites.cite(&mut rng, &sources, "places", &id)?;
        places.cities.push((id, name, country));
    }
    for _ in 0..300 {
        let (city, _, country) = places.cities[rng.below(places.cities.len())].clone();
        let name = place_name(&mut rng, &mut taken);
        let id = format!("{}-district", name.to_lowercase());
        let name = format!("{name} district");
        csv.row(&[
            &id,
            &name,
            "district",
            &city,
            country,
            "",
            "",
            "",
            "",
            "",
            "",
            certainty(&mut rng),
            "",
        ])?;
        cites.cite(&mut rng, &sources, "places", &id)?;
        places.districts.push((id, name));
    }
    summary.counts.push(("places", csv.finish()?));

    // Ports and their docks.
    let mut csv = Csv::<Port>::create(
        dir,
        "id,name,place,kind,sea,unlocode,aliases,lat,lon,coords_source,certainty,notes",
    )?;
    let mut docks = Csv::<Dock>::create(dir, "id,port,label,certainty,notes")?;
    let port_kinds = [
        ("seaport", 5),
        ("river-port", 2),
        ("land-crossing", 3),
        ("airport", 1),
    ];
    let mut port_ids: HashSet<String> = HashSet::new();
    for i in 0..500 {
        let (city, cname, country) = places.cities[rng.below(places.cities.len())].clone();
        let mut id = format!("{city}-port");
        let mut k = 2;
        while !port_ids.insert(id.clone()) {
            id = format!("{city}-port-{k}");
            k += 1;
        }
        let kind = rng.weighted(&port_kinds);
        let name = match kind {
            "land-crossing" => format!("{cname} crossing"),
            "airport" => format!("{cname} airport"),
            _ => format!("Port of {cname}"),
        };
        let sea = if kind == "seaport" {
            rng.pick(&["east-sea", "west-sea", ""])
        } else {
            ""
        };
        let (lat, lon) = coords(&mut rng, country);
        let aliases = format!("{cname} port;{cname} harbour");
        csv.row(&[
            &id,
            &name,
            &city,
            kind,
            sea,
            "",
            &aliases,
            &lat,
            &lon,
            rng.pick_ref(&sources).as_str(),
            certainty(&mut rng),
            "",
        ])?;
        cites.cite(&mut rng, &sources, "ports", &id)?;
        let mut dock_ids = Vec::new();
        if i < 250 {
            for d in 1..=2 {
                let did = format!("{id}-dock-{d}");
                let label = format!("Dock {d}");
                docks.row(&[&did, &id, &label, certainty(&mut rng), ""])?;
                cites.cite(&mut rng, &sources, "docks", &did)?;
                dock_ids.push(did);
            }
        }
        places.ports.push((id, name, dock_ids));
    }
    summary.counts.push(("ports", csv.finish()?));
    summary.counts.push(("docks", docks.finish()?));

    // Facilities.
    let mut csv = Csv::<Facility>::create(
        dir,
        "id,name,kind,place,country,status,aliases,lat,lon,coords_source,certainty,notes",
    )?;
    let fkinds = [
        "prison",
        "labour-camp",
        "consulate",
        "shipyard",
        "plant",
        "factory",
        "statue",
        "hotel",
        "casino",
        "customs-house",
        "office",
        "housing",
        "market",
        "other",
    ];
    let fstatus = [
        "operating",
        "planned",
        "proposed",
        "under-construction",
        "repurposed",
        "closed",
        "historical",
        "unknown",
    ];
    for i in 1..=300 {
        let (city, cname, country) = places.cities[rng.below(places.cities.len())].clone();
        let kind = rng.pick(&fkinds);
        let id = format!("{city}-{kind}-{i}");
        let name = format!("{cname} {}", kind.replace('-', " "));
        let (lat, lon, cs) = maybe_coords(&mut rng, 0.5, country, &sources);
        let fc = if kind == "consulate" { "CN" } else { "" };
        csv.row(&[
            &id,
            &name,
            kind,
            &city,
            fc,
            rng.pick(&fstatus),
            "",
            &lat,
            &lon,
            cs,
            certainty(&mut rng),
            "",
        ])?;
        cites.cite(&mut rng, &sources, "facilities", &id)?;
        places.facilities.push(id);
    }
    summary.counts.push(("facilities", csv.finish()?));

    // Leases.
    let mut csv = Csv::<Lease>::create(
        dir,
        "id,port,docks,lessor,lessee,lessee_country,rights,term_years,signed,start,end,status,certainty,notes",
    )?;
    let lstatus = [
        "signed",
        "active",
        "expired",
        "planned",
        "cancelled",
        "unknown",
    ];
    for i in 1..=150 {
        let (port, _, docks) = places.ports[rng.below(250)].clone();
        let id = format!("lease-{port}-{i}");
        let term = rng.pick(&[10, 20, 25, 30, 50]);
        let y = rng.range(1995, 2020);
        let signed = format!("{y}");
        let start = if rng.chance(0.5) {
            format!("{}", y + 1)
        } else {
            String::new()
        };
        let end = if rng.chance(0.2) {
            format!("{}", y + 1 + term)
        } else {
            String::new()
        };
        let dock_list = if rng.chance(0.7) {
            docks.join(";")
        } else {
            String::new()
        };
        let lessee = format!("{} Trading Co., Ltd.", capitalise(rng.pick(SYLLABLES)));
        csv.row(&[
            &id,
            &port,
            &dock_list,
            "Ministry of External Economic Relations",
            &lessee,
            rng.pick(&["CN", "RU"]),
            "use of the docks",
            &term.to_string(),
            &signed,
            &start,
            &end,
            rng.pick(&lstatus),
            certainty(&mut rng),
            "",
        ])?;
        cites.cite(&mut rng, &sources, "leases", &id)?;
    }
    summary.counts.push(("leases", csv.finish()?));

    // Routes.
    let n_routes = write_routes(&mut rng, dir, routes, &places, &mut cites)?;
    summary.counts.push(("routes", n_routes));

    // Population.
    let mut csv = Csv::<Population>::create(
        dir,
        "id,place,facility,value,qualifier,measure,unit,as_of,certainty,notes",
    )?;
    for i in 1..=200 {
        let (city, _, _) = places.cities[rng.below(places.cities.len())].clone();
        let id = format!("population-{city}-{i}");
        let value = (rng.range(1, 900) * 1000).to_string();
        let q = rng.pick(&["exact", "about", "nearly", "over", "under"]);
        csv.row(&[
            &id,
            &city,
            "",
            &value,
            q,
            "residents",
            "people",
            &fuzzy_date(&mut rng),
            certainty(&mut rng),
            "",
        ])?;
        cites.cite(&mut rng, &sources, "population", &id)?;
    }
    summary.counts.push(("population", csv.finish()?));

    // Events.
    let mut csv = Csv::<Event>::create(dir, "id,title,kind,date,places,certainty,notes")?;
    let ekinds = [
        "event",
        "policy",
        "plan",
        "period",
        "designation",
        "control-regime",
    ];
    for i in 1..=200 {
        let id = format!("event-{i:04}");
        let (city, cname, _) = places.cities[rng.below(places.cities.len())].clone();
        let port = &places.ports[rng.below(places.ports.len())].0;
        let mut list = vec![city, port.clone()];
        if rng.chance(0.3) {
            list.push(places.facilities[rng.below(places.facilities.len())].clone());
        }
        let title = format!("Border inspection tightened at {cname}");
        csv.row(&[
            &id,
            &title,
            rng.pick(&ekinds),
            &fuzzy_date(&mut rng),
            &list.join(";"),
            certainty(&mut rng),
            "",
        ])?;
        cites.cite(&mut rng, &sources, "events", &id)?;
    }
    summary.counts.push(("events", csv.finish()?));

    // Claims.
    let mut csv = Csv::<Claim>::create(
        dir,
        "id,subject,property,value,unit,qualifier,as_of,certainty,notes",
    )?;
    for i in 1..=300 {
        let id = format!("claim-{i:04}");
        let port = &places.ports[rng.below(places.ports.len())].0;
        let subject = format!("ports:{port}");
        let (property, value, unit, q) = match rng.below(3) {
            0 => ("port_rank", rng.range(1, 10).to_string(), "", ""),
            1 => (
                "capacity",
                (rng.range(1, 500) * 10_000).to_string(),
                "tonnes per year",
                "about",
            ),
            _ => (
                "nickname",
                format!("the {} gate", rng.pick(SYLLABLES)),
                "",
                "",
            ),
        };
        csv.row(&[
            &id,
            &subject,
            property,
            &value,
            unit,
            q,
            &fuzzy_date(&mut rng),
            certainty(&mut rng),
            "",
        ])?;
        cites.cite(&mut rng, &sources, "claims", &id)?;
    }
    summary.counts.push(("claims", csv.finish()?));

    let n = cites.csv.finish()?;
    summary.counts.push(("citations", n));
    let _ = &places.sources;
    std::fs::write(
        dir.join("datapackage.json"),
        include_str!("../../data/datapackage.json").replacen(
            "\"name\": \"nkport\"",
            "\"name\": \"nkport-synth\"",
            1,
        ),
    )?;
    Ok(summary)
}

fn write_routes(
    rng: &mut Rng,
    dir: &Path,
    n: usize,
    places: &Places,
    cites: &mut Citations,
) -> io::Result<usize> {
    let mut csv = Csv::<Route>::create(
        dir,
        "id,name,origin,destination,via,mode,goods,direction,status,period,certainty,notes",
    )?;
    let modes = [
        ("rail", 20),
        ("sea", 30),
        ("road", 20),
        ("air", 3),
        ("river", 7),
        ("tram", 1),
        ("overland", 9),
        ("unspecified", 10),
    ];
    let directions = [
        ("import", 40),
        ("export", 30),
        ("both", 15),
        ("domestic", 10),
        ("unknown", 5),
    ];
    let statuses = [
        ("open", 35),
        ("restricted", 20),
        ("rerouted", 5),
        ("illicit", 8),
        ("planned", 10),
        ("closed", 10),
        ("historical", 8),
        ("unknown", 4),
    ];
    let mut goods: Vec<&str> = Vec::new();
    let mut via: Vec<&str> = Vec::new();
    let mut id = String::new();
    let mut name = String::new();
    let mut notes = String::new();
    // An end of a route: a port (half the time), a city or a district.
    let end = |rng: &mut Rng| -> (&str, &str) {
        match rng.below(10) {
            0..=4 => {
                let p = &places.ports[rng.below(places.ports.len())];
                (p.0.as_str(), p.1.as_str())
            }
            5..=8 => {
                let c = &places.cities[rng.below(places.cities.len())];
                (c.0.as_str(), c.1.as_str())
            }
            _ => {
                let d = &places.districts[rng.below(places.districts.len())];
                (d.0.as_str(), d.1.as_str())
            }
        }
    };
    for i in 1..=n {
        let (origin, oname) = end(rng);
        let (dest, dname) = end(rng);
        via.clear();
        for _ in 0..rng.weighted(&[(0usize, 60), (1, 30), (2, 10)]) {
            via.push(end(rng).0);
        }
        let mode = rng.weighted(&modes);
        goods.clear();
        if rng.chance(0.12) {
            goods.push("steel");
        } else if rng.chance(0.03) {
            goods.push("steel bars");
        }
        for _ in 0..rng.below(4) {
            let g = rng.pick(GOODS);
            if !goods.contains(&g) {
                goods.push(g);
            }
        }
        id.clear();
        use std::fmt::Write as _;
        let _ = write!(id, "{origin}-{dest}-{mode}-{i}");
        name.clear();
        let what = goods.first().copied().unwrap_or("goods");
        let _ = write!(name, "{oname}–{dname} {mode} freight of {what}");
        notes.clear();
        match rng.below(10) {
            0..=3 => {}
            4..=6 => {
                let _ = write!(
                    notes,
                    "Reported by an informant in {oname}; volumes \"fell sharply\" after the border closure."
                );
            }
            7..=8 => {
                let _ = write!(
                    notes,
                    "Period inferred from the report's date, possibly later. Goods are examples."
                );
            }
            _ => {
                let _ = write!(
                    notes,
                    "Mode not stated, inferred from the ends ({oname}, {dname})."
                );
            }
        }
        let period = if rng.chance(0.8) {
            fuzzy_date(rng)
        } else {
            String::new()
        };
        csv.row(&[
            &id,
            &name,
            origin,
            dest,
            &via.join(";"),
            mode,
            &goods.join(";"),
            rng.weighted(&directions),
            rng.weighted(&statuses),
            &period,
            certainty(rng),
            &notes,
        ])?;
        cites.cite(rng, &places.sources, "routes", &id)?;
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_size_same_files() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let sa = generate(300, a.path()).unwrap();
        let sb = generate(300, b.path()).unwrap();
        assert_eq!(sa, sb);
        for t in ["routes", "places", "citations"] {
            let fa = std::fs::read(a.path().join(format!("{t}.csv"))).unwrap();
            let fb = std::fs::read(b.path().join(format!("{t}.csv"))).unwrap();
            assert_eq!(fa, fb, "{t}.csv differs");
        }
    }
}
