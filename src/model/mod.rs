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

/// The table registry: every table of a data package, in loading order
/// (referenced tables first), one line each:
///
/// `Variant name Record rank "what its listing shows"` (no final period)
///
/// - `name` is the table's file (`name.csv` or `name.json`), its `table:id`
///   prefix, its [`Dataset`](crate::dataset::Dataset) field and its list
///   command (`nkport name`, in `cmd/name.rs`);
/// - `Record` is its struct (declared with `record!` in `tables.rs`);
/// - `rank` orders the tables when a name is shared by records of several
///   (`show chongjin` is the place, then the port ...): 1 wins.
///
/// This one list makes the [`Table`] enum, the loading order, the dataset's
/// fields, the embedded files and the list commands' dispatch. Adding a
/// table is its struct, one line here, its list command's file (its
/// filters) and its data.
///
/// `each_table!(then)` calls the macro `then!` with the list.
macro_rules! each_table {
    ($then:ident) => {
        $then! {
            Sources sources Source 8 "the sources: articles, reports and reference works",
            Places places Place 1 "places: countries, provinces, cities, districts, zones, rivers, bridges",
            Ports ports Port 2 "ports of entry: seaports, river ports, land crossings, airports",
            Docks docks Dock 4 "docks, piers and berths",
            Facilities facilities Facility 3 "facilities: prisons, consulates, plants, statues, hotels, customs houses",
            Leases leases Lease 5 "leases of docks and ports, with their terms",
            Routes routes Route 6 "trade and transport routes",
            Population population Population 9 "population figures (residents, prisoners, loss shares), one per source",
            Events events Event 7 "events, policies, plans and periods",
            Claims claims Claim 10 "claims: ranks, nicknames, shares, capacities and other statements",
            Citations citations Citation 11 "citations: the quotes behind every record",
        }
    };
}
pub(crate) use each_table;

macro_rules! table_enum {
    ($($variant:ident $name:ident $record:ident $rank:literal $what:literal,)+) => {
        /// The tables of a data package, in loading order (referenced tables first).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Table {
            $(
                #[doc = concat!("`", stringify!($name), "`: ", $what, ".")]
                $variant,
            )+
        }

        impl Table {
            /// Every table, referenced tables first.
            pub const ALL: [Table; [$(stringify!($variant)),+].len()] = [$(Table::$variant),+];

            /// The table's name, as in file names and `table:id` references.
            pub fn name(self) -> &'static str {
                match self {
                    $(Table::$variant => stringify!($name),)+
                }
            }

            /// Which table wins when a name is shared by records of several:
            /// the lower rank wins.
            pub fn rank(self) -> u8 {
                match self {
                    $(Table::$variant => $rank,)+
                }
            }

            /// Runs `f` with this table's record type.
            pub fn dispatch<F: TableFn>(self, f: F) -> F::Out {
                match self {
                    $(Table::$variant => f.call::<$record>(),)+
                }
            }
        }
    };
}
each_table!(table_enum);

impl Table {
    /// The table with this name (exact, lowercase).
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Every table, in the order that wins when a name is shared (places
    /// first, then ports, facilities ...).
    pub fn by_rank() -> [Table; Table::ALL.len()] {
        let mut all = Table::ALL;
        all.sort_by_key(|t| t.rank());
        all
    }

    /// The tables some column refers to by id (a [`Kind::Ref`] or
    /// [`Kind::RefList`]), in loading order: the small reference tables that
    /// resolve names and places.
    pub fn referenced() -> &'static [Table] {
        static REFERENCED: std::sync::OnceLock<Vec<Table>> = std::sync::OnceLock::new();
        REFERENCED.get_or_init(|| {
            let targets: Vec<Table> = Table::ALL
                .iter()
                .flat_map(|t| t.columns())
                .flat_map(|c| match c.kind {
                    Kind::Ref(ts) | Kind::RefList(ts) => ts,
                    _ => &[],
                })
                .copied()
                .collect();
            Table::ALL
                .into_iter()
                .filter(|t| targets.contains(t))
                .collect()
        })
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

    /// This table's column names from most to least important
    /// ([`Record::IMPORTANCE`]).
    pub fn importance(self) -> &'static [&'static str] {
        struct Importance;
        impl TableFn for Importance {
            type Out = &'static [&'static str];
            fn call<T: Record>(self) -> Self::Out {
                T::IMPORTANCE
            }
        }
        self.dispatch(Importance)
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

/// What a column means to the generic plumbing, beyond its kind: the
/// timeline, place filters, the map and the terminal read these, never
/// column names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Nothing beyond its kind.
    Plain,
    /// A date that belongs on the timeline (`events.date`, `leases.signed`).
    Timeline,
    /// Where the row is: a reference to the place, port, dock or record it
    /// concerns (`timeline --place` follows these).
    Place,
    /// The start of a path drawn on the map (a route's origin); also a place.
    Start,
    /// Stops along the path, in order (a route's via points); also places.
    Via,
    /// The end of the path (a route's destination); also a place.
    End,
    /// Of least interest: the first left out of a narrow terminal table
    /// (notes, coordinates, the curators' names).
    Secondary,
}

impl Role {
    /// Whether the column says where the row is (a place or a path point).
    pub fn is_place(self) -> bool {
        matches!(self, Role::Place | Role::Start | Role::Via | Role::End)
    }
}

/// One column of a table: its contract name, kind, whether it must be
/// filled, and its role.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The column's name in files and output.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether a row must give a value.
    pub required: bool,
    /// What it means beyond its kind.
    pub role: Role,
}

/// A row of one table: what the generic plumbing needs to know of it.
pub trait Record:
    DeserializeOwned + Serialize + Clone + fmt::Debug + Send + Sync + 'static
{
    /// The table this record belongs to.
    const TABLE: Table;
    /// The table's columns, in file order.
    const COLUMNS: &'static [Column];
    /// The name of the column that is the row's [`Record::label`].
    const LABEL: &'static str;
    /// Column names from most to least important, for a terminal too narrow
    /// for all (derived columns may be named; unnamed ones rank after).
    const IMPORTANCE: &'static [&'static str];
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
    /// The date that timeline column `column` puts on the timeline: its
    /// cell, or one derived from others (a lease's end from its term).
    fn timeline_date(&self, column: usize) -> Option<crate::date::FuzzyDate>;
    /// The title of the timeline entry of column `column`.
    fn timeline_title(&self, column: usize) -> String;
}

/// The positions of the columns with a role for which `keep` holds.
pub fn columns_with(columns: &[Column], keep: impl Fn(Role) -> bool) -> Vec<usize> {
    (0..columns.len())
        .filter(|&i| keep(columns[i].role))
        .collect()
}

/// The index of a column by name.
pub fn column_index(columns: &[Column], name: &str) -> Option<usize> {
    columns.iter().position(|c| c.name == name)
}

/// Declares a table's struct, its column metadata and its [`Record`] impl.
///
/// Each field is `name: Type => Kind, required` with an optional [`Role`]
/// (`=> Kind::Date, false, Timeline`). `label` names the field shown as the
/// row's label, `names` the fields a user may call the row by, `notes` the
/// notes field and `certainty` the certainty field (`none` for citations).
/// `importance` lists the columns a narrow terminal keeps first. A table with rules or a summary of its own
/// ends with `rules: own` and implements [`Rules`]; any other gets the
/// defaults.
macro_rules! record {
    (
        $(#[$m:meta])*
        $name:ident in $table:ident as $variant:ident {
            $( $(#[$fm:meta])* $field:ident : $ty:ty => $kind:expr, $req:literal $(, $role:ident)?; )+
        }
        label: $label:ident, names: [$($nm:ident),*], notes: $notes:ident, certainty: $cert:ident
        $(, rules: $rules:ident)?,
        importance: [$($imp:ident),* $(,)?]
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $( $(#[$fm])* pub $field: $ty, )+
        }

        record!(@rules $name $($rules)?);

        impl $crate::model::Record for $name {
            const TABLE: $crate::model::Table = $crate::model::Table::$variant;
            const COLUMNS: &'static [$crate::model::Column] = &[
                $( $crate::model::Column {
                    name: stringify!($field),
                    kind: $kind,
                    required: $req,
                    role: record!(@role $($role)?),
                }, )+
            ];
            const LABEL: &'static str = stringify!($label);
            const IMPORTANCE: &'static [&'static str] = &[$(stringify!($imp)),*];

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

            fn timeline_date(&self, column: usize) -> Option<$crate::date::FuzzyDate> {
                let name = Self::COLUMNS.get(column)?.name;
                $crate::model::Rules::timeline_date(self, name).or_else(|| match self.value(column) {
                    $crate::model::Value::Date(d) => Some(d.clone()),
                    _ => None,
                })
            }

            fn timeline_title(&self, column: usize) -> String {
                let name = Self::COLUMNS.get(column).map_or("", |c| c.name);
                $crate::model::Rules::timeline_title(self, name)
                    .unwrap_or_else(|| $crate::model::Record::summary(self))
            }
        }
    };
    (@role) => { $crate::model::Role::Plain };
    (@role $role:ident) => { $crate::model::Role::$role };
    (@rules $n:ident) => {
        impl $crate::model::Rules for $n {}
    };
    (@rules $n:ident own) => {};
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
    /// The date timeline column `column` puts on the timeline, where it is
    /// not the cell's own (a lease's end derived from its start and term).
    fn timeline_date(&self, _column: &str) -> Option<crate::date::FuzzyDate> {
        None
    }
    /// The title of the timeline entry of column `column`, where the
    /// summary does not say it.
    fn timeline_title(&self, _column: &str) -> Option<String> {
        None
    }
}
