//! Controlled vocabularies: every kind, mode, status and certainty is an enum.
//!
//! Each enum is written once through [`vocab!`], which gives it its text form,
//! the list of allowed values (for errors, `check` and the data descriptor) and
//! a serde implementation that reads and writes that text.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// What a vocabulary enum offers to the generic code.
pub trait Vocab: Sized + Copy + 'static {
    /// The vocabulary's name, for messages (`certainty`, `port kind`).
    const NAME: &'static str;
    /// Every allowed value, in declaration order.
    const VALUES: &'static [&'static str];
    /// The text form of this value.
    fn as_str(self) -> &'static str;
    /// The value for a text form, exactly as written in the data.
    fn from_text(s: &str) -> Option<Self>;
}

/// Declares a vocabulary enum with its text forms.
macro_rules! vocab {
    ($(#[$m:meta])* $name:ident ($label:literal) { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl Vocab for $name {
            const NAME: &'static str = $label;
            const VALUES: &'static [&'static str] = &[$($text),+];
            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            fn from_text(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($name::$variant),+]
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(possible_value(*self))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                parse_vocab(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(VocabVisitor::<$name>(std::marker::PhantomData))
            }
        }
    };
}

/// The words users type for a vocabulary's values, and what each value
/// stands for in a filter. The data holds only the values themselves; these
/// serve the command line (`--mode train`, `--kind prison`).
pub trait Words: Vocab + PartialEq {
    /// Other words for a value, accepted wherever the value is
    /// (`train` and `railway` for `rail`).
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[];
    /// Values a filter on a value finds as well, because they are a kind of
    /// it in the users' sense (`prison` finds `labour-camp`).
    const COVERS: &'static [(Self, &'static [Self])] = &[];

    /// The other words for this value.
    fn synonyms(self) -> &'static [&'static str] {
        Self::SYNONYMS
            .iter()
            .find(|(v, _)| *v == self)
            .map_or(&[], |(_, w)| *w)
    }

    /// This value and the values it covers, for a filter.
    fn covered(self) -> Vec<Self> {
        let mut out = vec![self];
        for (v, more) in Self::COVERS {
            if *v == self {
                out.extend(more.iter().copied());
            }
        }
        out
    }
}

/// A value as the command line offers it: its text, its synonyms as
/// aliases, and a help line saying what else it stands for.
fn possible_value<V: Words>(v: V) -> clap::builder::PossibleValue {
    let mut pv =
        clap::builder::PossibleValue::new(v.as_str()).aliases(v.synonyms().iter().copied());
    let mut help = Vec::new();
    let covered: Vec<&str> = v
        .covered()
        .into_iter()
        .skip(1)
        .map(|c| c.as_str())
        .collect();
    if !covered.is_empty() {
        help.push(format!("also finds {}", covered.join(", ")));
    }
    if !v.synonyms().is_empty() {
        help.push(format!("also typed as {}", v.synonyms().join(", ")));
    }
    if !help.is_empty() {
        pv = pv.help(help.join("; "));
    }
    pv
}

/// Parses a vocabulary value, with a message listing the allowed values.
pub fn parse_vocab<V: Vocab>(s: &str) -> Result<V, String> {
    V::from_text(s).ok_or_else(|| {
        format!(
            "expected a {} ({}), found {:?}",
            V::NAME,
            V::VALUES.join(", "),
            s
        )
    })
}

struct VocabVisitor<V>(std::marker::PhantomData<V>);

impl<V: Vocab> Visitor<'_> for VocabVisitor<V> {
    type Value = V;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} ({})", V::NAME, V::VALUES.join(", "))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<V, E> {
        parse_vocab(s).map_err(E::custom)
    }
}

vocab! {
    /// How sure a record is, as its source presents it.
    Certainty ("certainty") {
        /// The source states it as fact.
        Stated = "stated",
        /// Attributed to an informant or another outlet.
        Reported = "reported",
        /// An estimate or approximation given as such.
        Estimated = "estimated",
        /// A plan, not (yet) real.
        Planned = "planned",
        /// The source speculates.
        Speculated = "speculated",
        /// The curator's inference, explained in `notes`.
        Inferred = "inferred",
    }
}

vocab! {
    /// What kind of document a source is.
    SourceKind ("source kind") {
        News = "news", Essay = "essay", Guide = "guide", Encyclopedia = "encyclopedia",
        Gazetteer = "gazetteer", Statistics = "statistics", Standard = "standard",
        Notes = "notes", Other = "other",
    }
}

vocab! {
    /// What kind of place a `places` row is.
    PlaceKind ("place kind") {
        Country = "country", Province = "province", City = "city", County = "county",
        District = "district", Zone = "zone", River = "river", Bridge = "bridge",
        BorderArea = "border-area", Region = "region", Sea = "sea",
    }
}

vocab! {
    /// What kind of port of entry.
    PortKind ("port kind") {
        Seaport = "seaport", RiverPort = "river-port", LandCrossing = "land-crossing",
        Airport = "airport",
    }
}

vocab! {
    /// Where a lease stands.
    LeaseStatus ("lease status") {
        Signed = "signed", Active = "active", Expired = "expired", Planned = "planned",
        Cancelled = "cancelled", Unknown = "unknown",
    }
}

vocab! {
    /// How a route carries its goods.
    Mode ("transport mode") {
        Rail = "rail", Sea = "sea", Road = "road", Air = "air", River = "river",
        Tram = "tram", Overland = "overland", Unspecified = "unspecified",
    }
}

vocab! {
    /// Which way goods move, seen from North Korea.
    Direction ("direction") {
        Import = "import", Export = "export", Both = "both", Domestic = "domestic",
        Unknown = "unknown",
    }
}

vocab! {
    /// Where a route stands.
    RouteStatus ("route status") {
        Open = "open", Restricted = "restricted", Rerouted = "rerouted", Illicit = "illicit",
        Planned = "planned", Closed = "closed", Historical = "historical", Unknown = "unknown",
    }
}

vocab! {
    /// How a figure is qualified ("nearly 630,000").
    Qualifier ("qualifier") {
        Exact = "exact", About = "about", Nearly = "nearly", Over = "over", Under = "under",
    }
}

vocab! {
    /// What a population figure counts.
    Measure ("measure") {
        Residents = "residents", Prisoners = "prisoners", LossShare = "loss-share",
    }
}

vocab! {
    /// The unit of a population figure.
    Unit ("unit") {
        People = "people", Percent = "percent",
    }
}

vocab! {
    /// What kind of facility.
    FacilityKind ("facility kind") {
        Prison = "prison", LabourCamp = "labour-camp", Consulate = "consulate",
        Shipyard = "shipyard", Plant = "plant", Factory = "factory", Statue = "statue",
        Hotel = "hotel", Casino = "casino", CustomsHouse = "customs-house", Office = "office",
        Housing = "housing", Market = "market", Other = "other",
    }
}

vocab! {
    /// Where a facility stands.
    FacilityStatus ("facility status") {
        Operating = "operating", Planned = "planned", Proposed = "proposed",
        UnderConstruction = "under-construction", Repurposed = "repurposed",
        Closed = "closed", Historical = "historical", Unknown = "unknown",
    }
}

vocab! {
    /// What kind of event.
    EventKind ("event kind") {
        Event = "event", Policy = "policy", Plan = "plan", Period = "period",
        Designation = "designation", ControlRegime = "control-regime",
    }
}

vocab! {
    /// Whose words a citation's quote is.
    QuoteKind ("quote kind") {
        /// The source's own words, as printed (checkable against its text).
        Verbatim = "verbatim",
        /// Someone else's wording of what the source says (e.g. `SOURCES.md`
        /// about a report whose text is not held); the note says whose.
        Summary = "summary",
    }
}

impl Words for QuoteKind {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (QuoteKind::Verbatim, &["exact", "quote", "quoted"]),
        (
            QuoteKind::Summary,
            &["summarised", "summarized", "paraphrase"],
        ),
    ];
}

impl Words for Certainty {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (Certainty::Stated, &["fact", "stated-as-fact"]),
        (Certainty::Reported, &["alleged", "attributed", "informant"]),
        (Certainty::Estimated, &["estimate", "approximate"]),
        (Certainty::Planned, &["plan"]),
        (Certainty::Speculated, &["speculation", "rumour", "rumor"]),
        (Certainty::Inferred, &["inference", "curator"]),
    ];
}

impl Words for SourceKind {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (SourceKind::News, &["article", "report", "newspaper"]),
        (
            SourceKind::Encyclopedia,
            &["encyclopaedia", "wiki", "wikipedia"],
        ),
        (SourceKind::Guide, &["travel-guide"]),
        (SourceKind::Statistics, &["stats", "census"]),
    ];
}

impl Words for PlaceKind {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (PlaceKind::Country, &["state", "nation"]),
        (PlaceKind::Province, &["special-city", "do"]),
        (PlaceKind::City, &["town"]),
        (PlaceKind::District, &["guyok", "ward"]),
        (
            PlaceKind::Zone,
            &["sez", "special-economic-zone", "economic-zone"],
        ),
        (PlaceKind::BorderArea, &["border", "frontier"]),
        (PlaceKind::Region, &["prefecture", "area"]),
        (PlaceKind::River, &["stream"]),
    ];
}

impl Words for PortKind {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (PortKind::Seaport, &["harbour", "harbor", "sea-port"]),
        (
            PortKind::LandCrossing,
            &["crossing", "border-crossing", "land-border"],
        ),
        (PortKind::Airport, &["airfield", "aerodrome"]),
    ];
}

impl Words for LeaseStatus {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (LeaseStatus::Active, &["in-force", "current"]),
        (LeaseStatus::Expired, &["ended", "lapsed"]),
        (LeaseStatus::Planned, &["proposed"]),
        (LeaseStatus::Cancelled, &["canceled", "terminated"]),
    ];
}

impl Words for Mode {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (
            Mode::Rail,
            &["train", "railway", "railroad", "freight-train"],
        ),
        (
            Mode::Sea,
            &["ship", "shipping", "maritime", "boat", "vessel"],
        ),
        (Mode::Road, &["truck", "lorry", "highway"]),
        (Mode::Air, &["plane", "flight", "airline", "aviation"]),
        (Mode::Tram, &["streetcar", "trolley"]),
        (Mode::Overland, &["land"]),
        (Mode::Unspecified, &["unknown", "unstated"]),
    ];
    /// Rail and road are overland too.
    const COVERS: &'static [(Self, &'static [Self])] =
        &[(Mode::Overland, &[Mode::Rail, Mode::Road])];
}

impl Words for Direction {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (Direction::Import, &["imports", "inbound", "in"]),
        (Direction::Export, &["exports", "outbound", "out"]),
        (Direction::Both, &["two-way", "bidirectional"]),
        (Direction::Domestic, &["internal"]),
    ];
}

impl Words for RouteStatus {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (RouteStatus::Open, &["active", "operating"]),
        (RouteStatus::Restricted, &["controlled", "limited"]),
        (RouteStatus::Rerouted, &["diverted", "re-routed"]),
        (
            RouteStatus::Illicit,
            &["smuggling", "illegal", "contraband"],
        ),
        (RouteStatus::Historical, &["historic", "former", "past"]),
    ];
}

impl Words for Qualifier {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (Qualifier::About, &["around", "approximately", "circa"]),
        (Qualifier::Nearly, &["almost"]),
        (Qualifier::Over, &["more-than", "above"]),
        (Qualifier::Under, &["less-than", "below"]),
    ];
}

impl Words for Measure {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (Measure::Residents, &["population", "inhabitants", "people"]),
        (Measure::Prisoners, &["inmates", "detainees"]),
        (Measure::LossShare, &["loss", "deaths"]),
    ];
}

impl Words for Unit {}

impl Words for FacilityKind {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (
            FacilityKind::Prison,
            &["jail", "gaol", "kyohwaso", "kyo-hwa-so"],
        ),
        (
            FacilityKind::LabourCamp,
            &[
                "labor-camp",
                "camp",
                "prison-camp",
                "gulag",
                "kwalliso",
                "kwan-li-so",
            ],
        ),
        (FacilityKind::Consulate, &["consulate-general", "mission"]),
        (FacilityKind::Shipyard, &["dockyard"]),
        (FacilityKind::Plant, &["mill", "works"]),
        (FacilityKind::Statue, &["monument"]),
        (FacilityKind::CustomsHouse, &["customs", "customs-post"]),
        (FacilityKind::Office, &["agency", "headquarters"]),
        (FacilityKind::Housing, &["apartments", "apartment", "flats"]),
        (
            FacilityKind::Market,
            &["jangmadang", "marketplace", "black-market"],
        ),
    ];
    /// A labour camp is a prison in the users' sense (002 calls Kwan-li-so
    /// No. 25 "more than a prison"); a plant and a factory are one thing.
    const COVERS: &'static [(Self, &'static [Self])] = &[
        (FacilityKind::Prison, &[FacilityKind::LabourCamp]),
        (FacilityKind::Plant, &[FacilityKind::Factory]),
        (FacilityKind::Factory, &[FacilityKind::Plant]),
    ];
}

impl Words for FacilityStatus {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (FacilityStatus::Operating, &["open", "active", "standing"]),
        (
            FacilityStatus::UnderConstruction,
            &["construction", "being-built"],
        ),
        (FacilityStatus::Closed, &["shut", "defunct"]),
    ];
}

impl Words for EventKind {
    const SYNONYMS: &'static [(Self, &'static [&'static str])] = &[
        (
            EventKind::ControlRegime,
            &["regime", "control", "controls", "restriction"],
        ),
        (EventKind::Policy, &["decision", "law", "decree"]),
        (EventKind::Period, &["era"]),
        (EventKind::Designation, &["designated"]),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        for v in Certainty::VALUES {
            assert_eq!(Certainty::from_text(v).unwrap().as_str(), *v);
        }
        assert_eq!(
            "border-area".parse::<PlaceKind>().unwrap(),
            PlaceKind::BorderArea
        );
    }

    #[test]
    fn unknown_value_lists_the_allowed_ones() {
        let err = "rumoured".parse::<Certainty>().unwrap_err();
        assert!(err.contains("stated, reported"), "{err}");
        assert!(err.contains("\"rumoured\""), "{err}");
    }
}
