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
                Some(clap::builder::PossibleValue::new(self.as_str()))
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
