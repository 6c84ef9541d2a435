//! The typed model: one struct per table, described by column metadata that the
//! generic plumbing (loading, checking, filtering, sorting, output) works from.
//!
//! Tables differ only in their structs; everything else goes through
//! [`Record`], its [`Column`] list and [`Value`]s.

pub mod fields;
mod tables;
pub mod vocab;

pub use fields::{AsValue, List, RecordRef, Value};
pub use tables::*;
pub use vocab::*;

use serde::{Serialize, de::DeserializeOwned};
use std::fmt;

/// The tables of a data package, in loading order (referenced tables first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    /// Published articles and reference works.
    Sources,
    /// Countries, provinces, cities, districts, zones, rivers, bridges ...
    Places,
    /// Ports of entry.
    Ports,
    /// Docks, piers and berths of ports.
    Docks,
    /// Prisons, consulates, plants, statues, hotels ...
    Facilities,
    /// Grants of rights over docks or ports.
    Leases,
    /// Trade and transport links.
    Routes,
    /// One figure from one source.
    Population,
    /// Things that happened, were decided or held for a period.
    Events,
    /// Any other statement about one record.
    Claims,
    /// The evidence for one record from one source.
    Citations,
}

impl Table {
    /// Every table, referenced tables first.
    pub const ALL: [Table; 11] = [
        Table::Sources,
        Table::Places,
        Table::Ports,
        Table::Docks,
        Table::Facilities,
        Table::Leases,
        Table::Routes,
        Table::Population,
        Table::Events,
        Table::Claims,
        Table::Citations,
    ];

    /// The table's name, as in file names and `table:id` references.
    pub fn name(self) -> &'static str {
        match self {
            Table::Sources => "sources",
            Table::Places => "places",
            Table::Ports => "ports",
            Table::Docks => "docks",
            Table::Facilities => "facilities",
            Table::Leases => "leases",
            Table::Routes => "routes",
            Table::Population => "population",
            Table::Events => "events",
            Table::Claims => "claims",
            Table::Citations => "citations",
        }
    }

    /// The table with this name (exact, lowercase).
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The column list of this table.
    pub fn columns(self) -> &'static [Column] {
        struct Cols;
        impl TableFn for Cols {
            type Out = &'static [Column];
            fn call<T: Record>(self) -> Self::Out {
                T::COLUMNS
            }
        }
        self.dispatch(Cols)
    }

    /// Runs `f` with this table's record type.
    pub fn dispatch<F: TableFn>(self, f: F) -> F::Out {
        match self {
            Table::Sources => f.call::<Source>(),
            Table::Places => f.call::<Place>(),
            Table::Ports => f.call::<Port>(),
            Table::Docks => f.call::<Dock>(),
            Table::Facilities => f.call::<Facility>(),
            Table::Leases => f.call::<Lease>(),
            Table::Routes => f.call::<Route>(),
            Table::Population => f.call::<Population>(),
            Table::Events => f.call::<Event>(),
            Table::Claims => f.call::<Claim>(),
            Table::Citations => f.call::<Citation>(),
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A computation generic over the record type, run by [`Table::dispatch`].
pub trait TableFn {
    /// What the computation returns.
    type Out;
    /// Runs the computation for record type `T`.
    fn call<T: Record>(self) -> Self::Out;
}

/// What a column holds, which decides how it is checked and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The row's id: a lowercase slug, unique across the package.
    Id,
    /// Free text.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// A `;`-separated list of text.
    List,
    /// A fuzzy date (EDTF).
    Date,
    /// A value of a vocabulary (the allowed values).
    Vocab(&'static [&'static str]),
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// An ISO 3166-2 subdivision code.
    IsoCode,
    /// A latitude in decimal degrees.
    Lat,
    /// A longitude in decimal degrees.
    Lon,
    /// The id of a row in one of these tables.
    Ref(&'static [Table]),
    /// A list of ids of rows in these tables.
    RefList(&'static [Table]),
    /// A `table:id` reference to any row.
    RecordRef,
}

/// One column of a table: its contract name, kind and whether it must be filled.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The column's name in files and output.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether a row must give a value.
    pub required: bool,
}

/// A row of one table: what the generic plumbing needs to know of it.
pub trait Record: DeserializeOwned + Serialize + Clone + fmt::Debug + 'static {
    /// The table this record belongs to.
    const TABLE: Table;
    /// The table's columns, in file order.
    const COLUMNS: &'static [Column];
    /// The row's id.
    fn id(&self) -> &str;
    /// The value of column `col` (an index into [`Record::COLUMNS`]).
    fn value(&self, col: usize) -> Value<'_>;
    /// The row's certainty (`None` for citations, which are evidence, not facts).
    fn certainty(&self) -> Option<Certainty>;
    /// A short human label: a name, title or quote.
    fn label(&self) -> &str;
    /// The names a user may call this row by, besides its id.
    fn names(&self) -> Vec<&str> {
        Vec::new()
    }
    /// The curator's notes on this row.
    fn notes(&self) -> Option<&str> {
        None
    }
    /// Table-specific rules beyond the column kinds, as (field, message) pairs.
    fn rules(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// What the row gives a value of (see [`Rules::conflict_key`]).
    fn conflict_key(&self) -> Option<String>;
    /// The value compared between rows with the same conflict key.
    fn compared(&self) -> String;
    /// Whether two rows with the same conflict key can be about the same thing.
    fn comparable(&self, other: &Self) -> bool;
    /// A one-line description for listings (the label, or more where the
    /// label alone says little).
    fn summary(&self) -> String {
        self.label().to_string()
    }
}

/// The index of a column by name.
pub fn column_index(columns: &[Column], name: &str) -> Option<usize> {
    columns.iter().position(|c| c.name == name)
}

/// Declares a table's struct, its column metadata and its [`Record`] impl.
///
/// `label` names the field shown as the row's label, `names` the fields a user
/// may call the row by, `notes` the notes field and `certainty` the certainty
/// field (`none` for citations).
macro_rules! record {
    (
        $(#[$m:meta])*
        $name:ident in $table:ident as $variant:ident {
            $( $(#[$fm:meta])* $field:ident : $ty:ty => $kind:expr, $req:literal; )+
        }
        label: $label:ident, names: [$($nm:ident),*], notes: $notes:ident, certainty: $cert:ident
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $( $(#[$fm])* pub $field: $ty, )+
        }

        impl $crate::model::Record for $name {
            const TABLE: $crate::model::Table = $crate::model::Table::$variant;
            const COLUMNS: &'static [$crate::model::Column] = &[
                $( $crate::model::Column { name: stringify!($field), kind: $kind, required: $req }, )+
            ];

            fn id(&self) -> &str {
                &self.id
            }

            fn value(&self, col: usize) -> $crate::model::Value<'_> {
                let mut i = 0usize;
                $(
                    if col == i {
                        return $crate::model::AsValue::as_value(&self.$field);
                    }
                    i += 1;
                )+
                let _ = i;
                $crate::model::Value::Null
            }

            fn certainty(&self) -> Option<$crate::model::Certainty> {
                record!(@certainty self $cert)
            }

            #[allow(clippy::misnamed_getters)]
            fn label(&self) -> &str {
                &self.$label
            }

            fn names(&self) -> Vec<&str> {
                #[allow(unused_mut)]
                let mut out: Vec<&str> = Vec::new();
                $( $crate::model::AsValue::as_value(&self.$nm).items().into_iter().for_each(|n| out.push(n)); )*
                out
            }

            fn notes(&self) -> Option<&str> {
                self.$notes.as_deref()
            }

            fn rules(&self) -> Vec<(&'static str, String)> {
                $crate::model::Rules::rules(self)
            }

            fn conflict_key(&self) -> Option<String> {
                $crate::model::Rules::conflict_key(self)
            }

            fn compared(&self) -> String {
                $crate::model::Rules::compared(self)
            }

            fn comparable(&self, other: &Self) -> bool {
                $crate::model::Rules::comparable(self, other)
            }

            fn summary(&self) -> String {
                $crate::model::Rules::summary(self).unwrap_or_else(|| self.label().to_string())
            }
        }
    };
    (@certainty $s:ident none) => { None };
    (@certainty $s:ident $f:ident) => { Some($s.$f) };
}
pub(crate) use record;

/// Table-specific rules beyond what the column kinds check, and a summary
/// line where the label alone says little.
pub trait Rules {
    /// Problems with this row, as (field, message) pairs.
    fn rules(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// A one-line description, where the label is not enough.
    fn summary(&self) -> Option<String> {
        None
    }
    /// What the row is a value *of*: rows with the same key and different
    /// [`Rules::compared`] values disagree. `None`: the table has no such notion.
    fn conflict_key(&self) -> Option<String> {
        None
    }
    /// The value compared between rows with the same conflict key.
    fn compared(&self) -> String {
        String::new()
    }
    /// Whether two rows with the same conflict key can be about the same
    /// thing at all (two periods that cannot overlap are two periods).
    fn comparable(&self, _other: &Self) -> bool {
        true
    }
}
