//! A loaded data package: the rows of the tables that were asked for, indexed
//! by id so that references resolve in constant time.

use crate::load::{DataError, Package};
use crate::model::*;
use foldhash::HashMap;
use std::any::Any;

macro_rules! dataset {
    ($($variant:ident $name:ident $record:ident $rank:literal $what:literal,)+) => {
        /// Rows of a data package, by table, with an index of every id.
        #[derive(Debug, Default, Clone)]
        pub struct Dataset {
            $(
                #[doc = concat!("Rows of `", stringify!($name), "`.")]
                pub $name: Vec<$record>,
            )+
            index: HashMap<String, (Table, usize)>,
        }

        impl Dataset {
            /// The rows of table `T`.
            pub fn rows<T: Record>(&self) -> &[T] {
                let rows: &dyn Any = match T::TABLE {
                    $(Table::$variant => &self.$name,)+
                };
                rows.downcast_ref::<Vec<T>>().map_or(&[], Vec::as_slice)
            }

            /// Replaces the rows of table `T` (the index is not rebuilt: call
            /// [`Dataset::reindex`]).
            pub fn set_rows<T: Record>(&mut self, rows: Vec<T>) {
                let slot: &mut dyn Any = match T::TABLE {
                    $(Table::$variant => &mut self.$name,)+
                };
                if let Some(slot) = slot.downcast_mut::<Vec<T>>() {
                    *slot = rows;
                }
            }

            /// Moves in every table that `other` holds rows of (the index is
            /// not rebuilt): tables read apart, one per thread, become one
            /// dataset.
            pub fn absorb(&mut self, other: Dataset) {
                $(
                    if !other.$name.is_empty() {
                        self.$name = other.$name;
                    }
                )+
            }
        }
    };
}
each_table!(dataset);

impl Dataset {
    /// Loads every table, stopping at the first problem.
    pub fn load(pkg: &Package) -> Result<Dataset, DataError> {
        Dataset::load_tables(pkg, &Table::ALL)
    }

    /// Loads the given tables, stopping at the first problem.
    pub fn load_tables(pkg: &Package, tables: &[Table]) -> Result<Dataset, DataError> {
        struct Load<'a>(&'a Package, &'a mut Dataset);
        impl TableFn for Load<'_> {
            type Out = Result<(), DataError>;
            fn call<T: Record>(self) -> Self::Out {
                let rows = self.0.rows::<T>()?;
                let mut out = Vec::new();
                for row in rows {
                    out.push(row?.row);
                }
                self.1.set_rows(out);
                Ok(())
            }
        }
        let mut ds = Dataset::default();
        for &t in tables {
            t.dispatch(Load(pkg, &mut ds))?;
        }
        ds.reindex();
        Ok(ds)
    }

    /// Writes every table into `dir` as `<table>.csv`, through the
    /// package writer ([`crate::load::write`]).
    pub fn write_csv(&self, dir: &std::path::Path) -> std::io::Result<()> {
        struct Write<'a>(&'a Dataset, &'a std::path::Path);
        impl TableFn for Write<'_> {
            type Out = std::io::Result<usize>;
            fn call<T: Record>(self) -> Self::Out {
                crate::load::write::write_table(self.1, self.0.rows::<T>())
            }
        }
        for t in Table::ALL {
            t.dispatch(Write(self, dir))?;
        }
        Ok(())
    }

    /// Rebuilds the id index (the first row with an id wins).
    pub fn reindex(&mut self) {
        struct Index<'a>(&'a Dataset, &'a mut HashMap<String, (Table, usize)>);
        impl TableFn for Index<'_> {
            type Out = ();
            fn call<T: Record>(self) {
                for (i, r) in self.0.rows::<T>().iter().enumerate() {
                    self.1.entry(r.id().to_string()).or_insert((T::TABLE, i));
                }
            }
        }
        let mut index = HashMap::with_capacity_and_hasher(
            self.counts().iter().map(|(_, n)| n).sum(),
            Default::default(),
        );
        for t in Table::ALL {
            t.dispatch(Index(self, &mut index));
        }
        self.index = index;
    }

    /// The table and position of the row with this id.
    pub fn locate(&self, id: &str) -> Option<(Table, usize)> {
        self.index.get(id).copied()
    }

    /// The row of table `T` with this id.
    pub fn get<T: Record>(&self, id: &str) -> Option<&T> {
        match self.locate(id) {
            Some((t, i)) if t == T::TABLE => self.rows::<T>().get(i),
            _ => None,
        }
    }

    /// The label (name, title ...) of the row with this id, in any table.
    pub fn label(&self, id: &str) -> Option<&str> {
        struct Label<'a>(&'a Dataset, usize);
        impl<'a> TableFn for Label<'a> {
            type Out = Option<&'a str>;
            fn call<T: Record>(self) -> Self::Out {
                self.0.rows::<T>().get(self.1).map(|r| r.label())
            }
        }
        let (t, i) = self.locate(id)?;
        t.dispatch(Label(self, i))
    }

    /// How many rows each table has.
    pub fn counts(&self) -> Vec<(Table, usize)> {
        struct Count<'a>(&'a Dataset);
        impl TableFn for Count<'_> {
            type Out = usize;
            fn call<T: Record>(self) -> usize {
                self.0.rows::<T>().len()
            }
        }
        Table::ALL
            .iter()
            .map(|&t| (t, t.dispatch(Count(self))))
            .collect()
    }

    /// The place a row lies in: a place is its own, a port or facility its
    /// `place`, a dock its port's place.
    pub fn place_of(&self, id: &str) -> Option<&str> {
        match self.locate(id)? {
            (Table::Places, i) => Some(&self.places[i].id),
            (Table::Ports, i) => Some(&self.ports[i].place),
            (Table::Facilities, i) => Some(&self.facilities[i].place),
            (Table::Docks, i) => self.place_of(&self.docks[i].port),
            _ => None,
        }
    }

    /// The place with this id and all its ancestors, nearest first (stops at
    /// a cycle or a missing parent).
    pub fn ancestors(&self, place: &str) -> Vec<&Place> {
        let mut out: Vec<&Place> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut next = self.get::<Place>(place);
        while let Some(p) = next {
            if !seen.insert(p.id.as_str()) {
                break;
            }
            out.push(p);
            next = p.parent.as_deref().and_then(|id| self.get::<Place>(id));
        }
        out
    }

    /// Whether the row `id` (a place, port, facility or dock) lies in `place`.
    pub fn lies_in(&self, id: &str, place: &str) -> bool {
        self.place_of(id)
            .is_some_and(|p| self.ancestors(p).iter().any(|a| a.id == place))
    }
}
