//! The eleven tables of a data package, with their contract columns.
//!
//! Column order here is the file and output order; `docs/DATA.md` describes
//! each column and `data/datapackage.json` must list the same names.

use super::{
    Certainty, Direction, EventKind, FacilityKind, FacilityStatus, Kind, LeaseStatus, List,
    Measure, Mode, PlaceKind, PortKind, Qualifier, QuoteKind, RecordRef, RouteStatus, Rules,
    SourceKind, Table, Unit, Vocab, record,
};
use crate::date::FuzzyDate;

const PLACE: &[Table] = &[Table::Places];
const PLACE_OR_PORT: &[Table] = &[Table::Places, Table::Ports];
const EVENT_PLACES: &[Table] = &[Table::Places, Table::Ports, Table::Facilities];

record! {
    /// A published article, document or reference work.
    Source in sources as Sources {
        id: String => Kind::Id, true;
        title: String => Kind::Text, true;
        publisher: Option<String> => Kind::Text, false;
        #[serde(default)]
        authors: List => Kind::List, false;
        /// Other credited people, each with a role: `Name (translator)`.
        #[serde(default)]
        contributors: List => Kind::List, false;
        url: Option<String> => Kind::Text, false;
        published: Option<FuzzyDate> => Kind::Date, false;
        /// The article's text file in the `--sources` directory; empty when none.
        file: Option<String> => Kind::Text, false;
        kind: SourceKind => Kind::Vocab(SourceKind::VALUES), true;
        language: Option<String> => Kind::Text, false;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false;
    }
    label: title, names: [title, publisher], notes: notes, certainty: certainty
}

record! {
    /// A country, province, city, district, zone, river, bridge or border area.
    Place in places as Places {
        id: String => Kind::Id, true;
        name: String => Kind::Text, true;
        kind: PlaceKind => Kind::Vocab(PlaceKind::VALUES), true;
        parent: Option<String> => Kind::Ref(PLACE), false;
        country: Option<String> => Kind::Country, false;
        iso_code: Option<String> => Kind::IsoCode, false;
        name_ko: Option<String> => Kind::Text, false;
        #[serde(default)]
        aliases: List => Kind::List, false;
        /// The names above that no source gives: the curators' renderings.
        #[serde(default)]
        curator_names: List => Kind::List, false;
        lat: Option<f64> => Kind::Lat, false;
        lon: Option<f64> => Kind::Lon, false;
        coords_source: Option<String> => Kind::Ref(&[Table::Sources]), false;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false;
    }
    label: name, names: [name, aliases, iso_code, name_ko], notes: notes, certainty: certainty
}

record! {
    /// A port of entry: seaport, river port, land crossing or airport.
    Port in ports as Ports {
        id: String => Kind::Id, true;
        name: String => Kind::Text, true;
        place: String => Kind::Ref(PLACE), true;
        kind: PortKind => Kind::Vocab(PortKind::VALUES), true;
        sea: Option<String> => Kind::Text, false;
        unlocode: Option<String> => Kind::Text, false;
        #[serde(default)]
        aliases: List => Kind::List, false;
        /// The names above that no source gives: the curators' renderings.
        #[serde(default)]
        curator_names: List => Kind::List, false;
        lat: Option<f64> => Kind::Lat, false;
        lon: Option<f64> => Kind::Lon, false;
        coords_source: Option<String> => Kind::Ref(&[Table::Sources]), false;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false;
    }
    label: name, names: [name, aliases, unlocode], notes: notes, certainty: certainty
}

record! {
    /// A dock, pier or berth of a port.
    Dock in docks as Docks {
        id: String => Kind::Id, true;
        port: String => Kind::Ref(&[Table::Ports]), true;
        label: String => Kind::Text, true;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false;
    }
    label: id, names: [], notes: notes, certainty: certainty
}

record! {
    /// A grant of rights over docks or a whole port.
    Lease in leases as Leases {
        id: String => Kind::Id, true;
        port: String => Kind::Ref(&[Table::Ports]), true;
        #[serde(default)]
        docks: List => Kind::RefList(&[Table::Docks]), false;
        lessor: Option<String> => Kind::Text, false;
        lessee: Option<String> => Kind::Text, false;
        lessee_country: Option<String> => Kind::Country, false;
        rights: Option<String> => Kind::Text, false;
        term_years: Option<u32> => Kind::Integer, false;
        signed: Option<FuzzyDate> => Kind::Date, false;
        start: Option<FuzzyDate> => Kind::Date, false;
        /// Given end; when empty, derived from start (or signed) + term.
        end: Option<FuzzyDate> => Kind::Date, false;
        status: LeaseStatus => Kind::Vocab(LeaseStatus::VALUES), true;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false;
    }
    label: id, names: [lessee], notes: notes, certainty: certainty
}

record! {
    /// A trade or transport link.
    Route in routes as Routes {
        id: String => Kind::Id, true;
        name: String => Kind::Text, true;
        origin: String => Kind::Ref(PLACE_OR_PORT), true;
        destination: String => Kind::Ref(PLACE_OR_PORT), true;
        #[serde(default)]
        via: List => Kind::RefList(PLACE_OR_PORT), false;
        mode: Mode => Kind::Vocab(Mode::VALUES), true;
        #[serde(default)]
        goods: List => Kind::List, false;
        direction: Direction => Kind::Vocab(Direction::VALUES), true;
        status: RouteStatus => Kind::Vocab(RouteStatus::VALUES), true;
        period: Option<FuzzyDate> => Kind::Date, false;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false;
    }
    label: name, names: [name], notes: notes, certainty: certainty
}

record! {
    /// One population figure (residents, prisoners, a loss share) from one source.
    Population in population as Population {
        id: String => Kind::Id, true;
        place: String => Kind::Ref(PLACE), true;
        facility: Option<String> => Kind::Ref(&[Table::Facilities]), false;
        value: f64 => Kind::Number, true;
        qualifier: Qualifier => Kind::Vocab(Qualifier::VALUES), true;
        measure: Measure => Kind::Vocab(Measure::VALUES), true;
        unit: Unit => Kind::Vocab(Unit::VALUES), true;
        as_of: Option<FuzzyDate> => Kind::Date, false;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false;
    }
    label: id, names: [], notes: notes, certainty: certainty
}

record! {
    /// A prison, consulate, shipyard, plant, statue, hotel, customs house, office ...
    Facility in facilities as Facilities {
        id: String => Kind::Id, true;
        name: String => Kind::Text, true;
        kind: FacilityKind => Kind::Vocab(FacilityKind::VALUES), true;
        place: String => Kind::Ref(PLACE), true;
        country: Option<String> => Kind::Country, false;
        status: FacilityStatus => Kind::Vocab(FacilityStatus::VALUES), true;
        #[serde(default)]
        aliases: List => Kind::List, false;
        /// The names above that no source gives: the curators' renderings.
        #[serde(default)]
        curator_names: List => Kind::List, false;
        lat: Option<f64> => Kind::Lat, false;
        lon: Option<f64> => Kind::Lon, false;
        coords_source: Option<String> => Kind::Ref(&[Table::Sources]), false;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false;
    }
    label: name, names: [name, aliases], notes: notes, certainty: certainty
}

record! {
    /// Something that happened, was decided, or held for a period.
    Event in events as Events {
        id: String => Kind::Id, true;
        title: String => Kind::Text, true;
        kind: EventKind => Kind::Vocab(EventKind::VALUES), true;
        date: Option<FuzzyDate> => Kind::Date, false;
        #[serde(default)]
        places: List => Kind::RefList(EVENT_PLACES), false;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false;
    }
    label: title, names: [title], notes: notes, certainty: certainty
}

record! {
    /// Any other statement a source makes about one record.
    Claim in claims as Claims {
        id: String => Kind::Id, true;
        subject: RecordRef => Kind::RecordRef, true;
        property: String => Kind::Text, true;
        /// The record the statement ties its subject to (`table:id`), for a
        /// relation such as `planned_inside` or `in_tension_with`; empty for
        /// a plain value.
        object: Option<RecordRef> => Kind::RecordRef, false;
        value: String => Kind::Text, true;
        unit: Option<String> => Kind::Text, false;
        qualifier: Option<Qualifier> => Kind::Vocab(Qualifier::VALUES), false;
        as_of: Option<FuzzyDate> => Kind::Date, false;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false;
    }
    label: value, names: [], notes: notes, certainty: certainty
}

record! {
    /// The evidence for one record from one source.
    Citation in citations as Citations {
        id: String => Kind::Id, true;
        record: RecordRef => Kind::RecordRef, true;
        source: String => Kind::Ref(&[Table::Sources]), true;
        quote: String => Kind::Text, true;
        /// `verbatim` (the source's own words) or `summary` (another's wording,
        /// named in `note`); only verbatim quotes are shown in quotation marks.
        quote_kind: QuoteKind => Kind::Vocab(QuoteKind::VALUES), true;
        note: Option<String> => Kind::Text, false;
    }
    label: quote, names: [], notes: note, certainty: none
}

/// Coordinates come in pairs and say where they are from.
fn coordinate_rules(
    lat: Option<f64>,
    lon: Option<f64>,
    source: &Option<String>,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    match (lat, lon) {
        (Some(_), None) => out.push(("lon", "expected a longitude beside the latitude".into())),
        (None, Some(_)) => out.push(("lat", "expected a latitude beside the longitude".into())),
        (Some(_), Some(_)) if source.is_none() => out.push((
            "coords_source",
            "expected the source of the coordinates (a sources id)".into(),
        )),
        _ => {}
    }
    out
}

/// The curators' names are names of the row: each must be its name, Korean
/// name or one of its aliases.
fn curator_name_rules(
    name: &str,
    name_ko: Option<&str>,
    aliases: &List,
    curator: &List,
) -> Vec<(&'static str, String)> {
    curator
        .0
        .iter()
        .filter(|c| c.as_str() != name && Some(c.as_str()) != name_ko && !aliases.0.contains(c))
        .map(|c| {
            (
                "curator_names",
                format!("expected the row's name, name_ko or an alias, found {c:?}"),
            )
        })
        .collect()
}

impl Rules for Source {}
impl Rules for Dock {
    fn summary(&self) -> Option<String> {
        Some(format!("dock {} of {}", self.label, self.port))
    }
}
impl Rules for Route {}
impl Rules for Event {
    /// Events of one kind about the same places whose titles agree apart
    /// from a parenthetical ("Chongjin under direct central control
    /// (1977–1988, per 002)") are the same thing told twice.
    fn conflict_key(&self) -> Option<String> {
        let title = self.title.split(" (").next().unwrap_or(&self.title);
        let mut places = self.places.0.clone();
        places.sort();
        Some(format!(
            "{}|{}|{}",
            self.kind,
            places.join(";"),
            crate::fold::fold(title)
        ))
    }

    fn compared(&self) -> String {
        self.date
            .as_ref()
            .map(|d| d.edtf().to_string())
            .unwrap_or_default()
    }

    fn comparable(&self, other: &Self) -> bool {
        match (&self.date, &other.date) {
            (Some(a), Some(b)) => a.overlaps(b) != crate::date::Tri::No,
            _ => true,
        }
    }
}
impl Rules for Citation {}

impl Rules for Place {
    fn rules(&self) -> Vec<(&'static str, String)> {
        let mut out = coordinate_rules(self.lat, self.lon, &self.coords_source);
        out.extend(curator_name_rules(
            &self.name,
            self.name_ko.as_deref(),
            &self.aliases,
            &self.curator_names,
        ));
        if self.parent.as_deref() == Some(self.id.as_str()) {
            out.push(("parent", "a place cannot be its own parent".into()));
        }
        out
    }
}

impl Rules for Port {
    fn rules(&self) -> Vec<(&'static str, String)> {
        let mut out = coordinate_rules(self.lat, self.lon, &self.coords_source);
        out.extend(curator_name_rules(
            &self.name,
            None,
            &self.aliases,
            &self.curator_names,
        ));
        out
    }
}

impl Rules for Facility {
    fn rules(&self) -> Vec<(&'static str, String)> {
        let mut out = coordinate_rules(self.lat, self.lon, &self.coords_source);
        out.extend(curator_name_rules(
            &self.name,
            None,
            &self.aliases,
            &self.curator_names,
        ));
        out
    }
}

impl Rules for Population {
    fn conflict_key(&self) -> Option<String> {
        Some(format!(
            "{}|{}|{}|{}",
            self.place,
            self.facility.as_deref().unwrap_or(""),
            self.measure,
            self.unit
        ))
    }

    fn compared(&self) -> String {
        super::fields::format_number(self.value)
    }

    fn summary(&self) -> Option<String> {
        let unit = match self.unit {
            Unit::Percent => "%".to_string(),
            Unit::People => format!(" {}", self.measure),
        };
        let when = self
            .as_of
            .as_ref()
            .map(|d| format!(" ({})", d.human()))
            .unwrap_or_default();
        Some(format!(
            "{} {}{unit}{when}",
            self.qualifier,
            super::fields::format_number(self.value)
        ))
    }

    fn rules(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.value.is_finite() || self.value < 0.0 {
            out.push((
                "value",
                format!("expected a figure of 0 or more, found {}", self.value),
            ));
        }
        if self.unit == Unit::Percent && self.value > 100.0 {
            out.push((
                "value",
                format!("expected a percentage of 100 or less, found {}", self.value),
            ));
        }
        out
    }
}

impl Rules for Lease {
    fn summary(&self) -> Option<String> {
        let mut parts = vec![self.rights.clone().unwrap_or_else(|| "rights".into())];
        if let Some(l) = &self.lessee {
            parts.push(format!("to {l}"));
        }
        if let Some(t) = self.term_years {
            parts.push(format!("for {t} years"));
        }
        if let Some(s) = &self.signed {
            parts.push(format!("signed {}", s.human()));
        }
        Some(parts.join(" "))
    }

    fn rules(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.term_years == Some(0) {
            out.push(("term_years", "expected a term of at least one year".into()));
        }
        let starts = [("signed", &self.signed), ("start", &self.start)];
        if let Some(end) = &self.end {
            for (field, d) in starts {
                let Some(d) = d else { continue };
                if let (Some(e), Some(s)) = (end.latest(), d.earliest())
                    && e < s
                {
                    out.push((
                        "end",
                        format!("end {} is before {field} {}", end.edtf(), d.edtf()),
                    ));
                }
            }
        }
        out
    }
}
impl Rules for Claim {
    fn conflict_key(&self) -> Option<String> {
        // A tie to another record is its own statement: two ties of one
        // property to different records do not disagree.
        match &self.object {
            Some(o) => Some(format!("{}|{}|{o}", self.subject, self.property)),
            None => Some(format!("{}|{}", self.subject, self.property)),
        }
    }

    fn compared(&self) -> String {
        match &self.unit {
            Some(u) => format!("{} {u}", self.value),
            None => self.value.clone(),
        }
    }

    fn summary(&self) -> Option<String> {
        let q = self.qualifier.map(|q| format!("{q} ")).unwrap_or_default();
        let unit = self
            .unit
            .as_ref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        match &self.object {
            Some(o) => Some(format!(
                "{} {} → {o}: {}",
                self.subject, self.property, self.value
            )),
            None => Some(format!("{} = {q}{}{unit}", self.property, self.value)),
        }
    }

    fn rules(&self) -> Vec<(&'static str, String)> {
        let ok = !self.property.is_empty()
            && self
                .property
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if ok {
            Vec::new()
        } else {
            vec![(
                "property",
                format!(
                    "expected a property slug of lowercase letters, digits, `_` or `-`, found {:?}",
                    self.property
                ),
            )]
        }
    }
}
