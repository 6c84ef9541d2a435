//! The tables of a data package, with their contract columns.
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
        published: Option<FuzzyDate> => Kind::Date, false, Timeline;
        /// The article's text file in the `--sources` directory; empty when none.
        file: Option<String> => Kind::Text, false;
        kind: SourceKind => Kind::Vocab(SourceKind::VALUES), true;
        language: Option<String> => Kind::Text, false;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false, Secondary;
    }
    label: title, names: [title, publisher], notes: notes, certainty: certainty, rules: own,
    importance: [id, title, publisher, published, kind, certainty, authors, language, url, file]
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
        curator_names: List => Kind::List, false, Secondary;
        lat: Option<f64> => Kind::Lat, false, Secondary;
        lon: Option<f64> => Kind::Lon, false, Secondary;
        coords_source: Option<String> => Kind::Ref(&[Table::Sources]), false, Secondary;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false, Secondary;
    }
    label: name, names: [name, aliases, iso_code, name_ko], notes: notes, certainty: certainty, rules: own,
    importance: [id, name, kind, parent, country, certainty, iso_code, name_ko, aliases]
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
        curator_names: List => Kind::List, false, Secondary;
        lat: Option<f64> => Kind::Lat, false, Secondary;
        lon: Option<f64> => Kind::Lon, false, Secondary;
        coords_source: Option<String> => Kind::Ref(&[Table::Sources]), false, Secondary;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false, Secondary;
    }
    label: name, names: [name, aliases, unlocode], notes: notes, certainty: certainty, rules: own,
    importance: [id, name, place, kind, certainty, sea, unlocode, aliases]
}

record! {
    /// A dock, pier or berth of a port.
    Dock in docks as Docks {
        id: String => Kind::Id, true;
        port: String => Kind::Ref(&[Table::Ports]), true;
        label: String => Kind::Text, true;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false, Secondary;
    }
    label: id, names: [], notes: notes, certainty: certainty, rules: own,
    importance: [id, port, label, certainty]
}

record! {
    /// A grant of rights over docks or a whole port.
    Lease in leases as Leases {
        id: String => Kind::Id, true;
        port: String => Kind::Ref(&[Table::Ports]), true, Place;
        #[serde(default)]
        docks: List => Kind::RefList(&[Table::Docks]), false, Place;
        lessor: Option<String> => Kind::Text, false;
        lessee: Option<String> => Kind::Text, false;
        lessee_country: Option<String> => Kind::Country, false;
        rights: Option<String> => Kind::Text, false;
        term_years: Option<u32> => Kind::Integer, false;
        signed: Option<FuzzyDate> => Kind::Date, false, Timeline;
        start: Option<FuzzyDate> => Kind::Date, false, Timeline;
        /// Given end; when empty, derived from start (or signed) + term.
        end: Option<FuzzyDate> => Kind::Date, false, Timeline;
        status: LeaseStatus => Kind::Vocab(LeaseStatus::VALUES), true;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false, Secondary;
    }
    label: id, names: [lessee], notes: notes, certainty: certainty, rules: own,
    importance: [id, port, lessee, lessee_country, term_years, end_effective, status, certainty, remaining, rights, signed, start, end, end_basis, docks, lessor]
}

record! {
    /// A trade or transport link.
    Route in routes as Routes {
        id: String => Kind::Id, true;
        name: String => Kind::Text, true;
        origin: String => Kind::Ref(PLACE_OR_PORT), true, Start;
        destination: String => Kind::Ref(PLACE_OR_PORT), true, End;
        #[serde(default)]
        via: List => Kind::RefList(PLACE_OR_PORT), false, Via;
        mode: Mode => Kind::Vocab(Mode::VALUES), true;
        #[serde(default)]
        goods: List => Kind::List, false;
        direction: Direction => Kind::Vocab(Direction::VALUES), true;
        status: RouteStatus => Kind::Vocab(RouteStatus::VALUES), true;
        period: Option<FuzzyDate> => Kind::Date, false, Timeline;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false, Secondary;
    }
    label: name, names: [name], notes: notes, certainty: certainty, rules: own,
    importance: [id, name, origin, destination, certainty, mode, status, direction, goods, via, period]
}

record! {
    /// One population figure (residents, prisoners, a loss share) from one source.
    Population in population as Population {
        id: String => Kind::Id, true;
        place: String => Kind::Ref(PLACE), true, Place;
        facility: Option<String> => Kind::Ref(&[Table::Facilities]), false, Place;
        value: f64 => Kind::Number, true;
        qualifier: Qualifier => Kind::Vocab(Qualifier::VALUES), true;
        measure: Measure => Kind::Vocab(Measure::VALUES), true;
        unit: Unit => Kind::Vocab(Unit::VALUES), true;
        as_of: Option<FuzzyDate> => Kind::Date, false, Timeline;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false, Secondary;
    }
    label: id, names: [], notes: notes, certainty: certainty, rules: own,
    importance: [id, place, value, qualifier, measure, as_of, certainty, unit, facility]
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
        curator_names: List => Kind::List, false, Secondary;
        lat: Option<f64> => Kind::Lat, false, Secondary;
        lon: Option<f64> => Kind::Lon, false, Secondary;
        coords_source: Option<String> => Kind::Ref(&[Table::Sources]), false, Secondary;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false, Secondary;
    }
    label: name, names: [name, aliases], notes: notes, certainty: certainty, rules: own,
    importance: [id, name, kind, place, status, certainty, country, aliases]
}

record! {
    /// Something that happened, was decided, or held for a period.
    Event in events as Events {
        id: String => Kind::Id, true;
        title: String => Kind::Text, true;
        kind: EventKind => Kind::Vocab(EventKind::VALUES), true;
        date: Option<FuzzyDate> => Kind::Date, false, Timeline;
        #[serde(default)]
        places: List => Kind::RefList(EVENT_PLACES), false, Place;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false, Secondary;
    }
    label: title, names: [title], notes: notes, certainty: certainty, rules: own,
    importance: [id, title, date, kind, certainty, places]
}

record! {
    /// Any other statement a source makes about one record.
    Claim in claims as Claims {
        id: String => Kind::Id, true;
        subject: RecordRef => Kind::RecordRef, true, Place;
        property: String => Kind::Text, true;
        /// The record the statement ties its subject to (`table:id`), for a
        /// relation such as `planned_inside` or `in_tension_with`; empty for
        /// a plain value.
        object: Option<RecordRef> => Kind::RecordRef, false;
        value: String => Kind::Text, true;
        unit: Option<String> => Kind::Text, false;
        qualifier: Option<Qualifier> => Kind::Vocab(Qualifier::VALUES), false;
        as_of: Option<FuzzyDate> => Kind::Date, false, Timeline;
        certainty: Certainty => Kind::Vocab(Certainty::VALUES), true;
        notes: Option<String> => Kind::Text, false, Secondary;
    }
    label: value, names: [], notes: notes, certainty: certainty, rules: own,
    importance: [id, subject, property, value, unit, qualifier, as_of, certainty]
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
        note: Option<String> => Kind::Text, false, Secondary;
    }
    label: quote, names: [], notes: note, certainty: none,
    importance: [id, record, quote, quote_kind, source]
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

impl Rules for Dock {
    fn summary(&self) -> Option<String> {
        Some(format!("dock {} of {}", self.label, self.port))
    }
}
impl Rules for Source {
    fn timeline_title(&self, _column: &str) -> Option<String> {
        let by = self
            .publisher
            .as_deref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        Some(format!("Published: {}{by}", self.title))
    }
}

impl Rules for Route {
    fn timeline_title(&self, _column: &str) -> Option<String> {
        Some(format!("{} ({}, {})", self.name, self.mode, self.status))
    }
}

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

/// What places, ports and facilities share: a name, aliases, the curators'
/// names and coordinates.
trait Mapped {
    fn parts(
        &self,
    ) -> (
        &str,
        &List,
        &List,
        Option<f64>,
        Option<f64>,
        &Option<String>,
    );
}

macro_rules! mapped {
    ($($t:ty),+) => {$(
        impl Mapped for $t {
            fn parts(&self) -> (&str, &List, &List, Option<f64>, Option<f64>, &Option<String>) {
                (&self.name, &self.aliases, &self.curator_names, self.lat, self.lon, &self.coords_source)
            }
        }
    )+};
}
mapped!(Place, Port, Facility);

/// The rules of a mapped row: coordinates in pairs with their source, and
/// the curators' names among its names.
fn mapped_rules(row: &impl Mapped, name_ko: Option<&str>) -> Vec<(&'static str, String)> {
    let (name, aliases, curator, lat, lon, source) = row.parts();
    let mut out = coordinate_rules(lat, lon, source);
    out.extend(curator_name_rules(name, name_ko, aliases, curator));
    out
}

impl Rules for Place {
    fn rules(&self) -> Vec<(&'static str, String)> {
        let mut out = mapped_rules(self, self.name_ko.as_deref());
        if self.parent.as_deref() == Some(self.id.as_str()) {
            out.push(("parent", "a place cannot be its own parent".into()));
        }
        out
    }
}

impl Rules for Port {
    fn rules(&self) -> Vec<(&'static str, String)> {
        mapped_rules(self, None)
    }
}

impl Rules for Facility {
    fn rules(&self) -> Vec<(&'static str, String)> {
        mapped_rules(self, None)
    }
}

impl Rules for Population {
    fn timeline_title(&self, _column: &str) -> Option<String> {
        Some(format!("{}: {}", self.place, Rules::summary(self)?))
    }

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

/// How a lease's end is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndBasis {
    /// The source gives the end.
    Given,
    /// Derived from the start date plus the term.
    StartPlusTerm,
    /// Derived from the signing date plus the term (the start is unknown).
    SignedPlusTerm,
}

impl EndBasis {
    /// How the basis reads in output.
    pub fn as_str(self) -> &'static str {
        match self {
            EndBasis::Given => "given",
            EndBasis::StartPlusTerm => "derived: start + term",
            EndBasis::SignedPlusTerm => "derived: signed + term",
        }
    }
}

impl Lease {
    /// The lease's end and how it is known, when it can be known: the given
    /// end, else the start (or the signing, when the start is unknown) plus
    /// the term, keeping the precision.
    pub fn effective_end(&self) -> Option<(FuzzyDate, EndBasis)> {
        if let Some(end) = &self.end {
            return Some((end.clone(), EndBasis::Given));
        }
        let term = i32::try_from(self.term_years?).ok()?;
        if let Some(start) = &self.start {
            return start
                .add_years(term)
                .ok()
                .map(|d| (d, EndBasis::StartPlusTerm));
        }
        self.signed
            .as_ref()?
            .add_years(term)
            .ok()
            .map(|d| (d, EndBasis::SignedPlusTerm))
    }
}

impl Rules for Lease {
    fn timeline_date(&self, column: &str) -> Option<FuzzyDate> {
        match column {
            "end" => self.effective_end().map(|(d, _)| d),
            _ => None,
        }
    }

    fn timeline_title(&self, column: &str) -> Option<String> {
        let who = self.lessee.as_deref().unwrap_or("unknown lessee");
        let port = &self.port;
        Some(match column {
            "signed" => format!("Lease of {port} signed with {who}"),
            "start" => format!("Lease of {port} to {who} starts"),
            _ => {
                let basis = self.effective_end().map_or("", |(_, b)| b.as_str());
                format!("Lease of {port} to {who} ends ({basis})")
            }
        })
    }

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
    fn timeline_title(&self, _column: &str) -> Option<String> {
        Some(format!("{}: {}", self.subject.id(), Rules::summary(self)?))
    }

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
