//! The columns a query shows: the table's own, the ones derived from it (a
//! lease's end), labels beside references (`--labels`), chosen and ordered
//! by `--columns`; plus sorting and the geometry GeoJSON needs.

use crate::dataset::Dataset;
use crate::fold::fold;
use crate::model::{Kind, PlaceKind, Record, Role, Table, TableFn, Value, columns_with};
use crate::row::{CellKind, Geometry, Head, Owned};
use chrono::NaiveDate;
use std::cmp::Ordering;

/// What derived columns may depend on.
#[derive(Debug, Clone, Copy)]
pub struct DeriveContext {
    /// The day questions of time are asked about (`--as-of`).
    pub as_of: NaiveDate,
    /// `leases --active-on DATE`: add a column answering it.
    pub active_on: Option<NaiveDate>,
    /// `leases --expiring-before DATE`: add a column answering it.
    pub expiring_before: Option<NaiveDate>,
    /// `places --within Z` followed ties (a district planned inside a
    /// zone): add a column naming each place's ties and their certainty.
    pub ties: bool,
}

/// A column computed from a row.
pub struct Computed<T> {
    /// Its name.
    pub name: String,
    /// What its cells hold.
    pub kind: CellKind,
    /// How to compute it.
    pub get: CellFn<T>,
}

/// Computes one cell of a row.
pub type CellFn<T> = Box<dyn Fn(&T, &Dataset) -> Owned + Send + Sync>;

enum Getter<T> {
    Field(usize),
    Computed(CellFn<T>),
}

struct ViewColumn<T> {
    head: Head,
    get: Getter<T>,
}

/// Which columns to show, and how.
#[derive(Debug, Clone, Default)]
pub struct ViewOptions {
    /// Exactly these columns, in this order.
    pub columns: Option<Vec<String>>,
    /// Add the names behind reference ids.
    pub labels: bool,
    /// Show the names behind reference ids in the reference columns
    /// themselves (a terminal table without `--labels`).
    pub ref_names: bool,
}

/// A sort key: a column and a direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    /// The column name.
    pub column: String,
    /// Largest first.
    pub desc: bool,
}

impl std::str::FromStr for SortKey {
    type Err = String;
    fn from_str(s: &str) -> Result<SortKey, String> {
        let (column, dir) = s.split_once(':').unwrap_or((s, "asc"));
        let desc = match dir {
            "asc" => false,
            "desc" => true,
            other => {
                return Err(format!(
                    "expected FIELD, FIELD:asc or FIELD:desc, found direction {other:?}"
                ));
            }
        };
        if column.is_empty() {
            return Err("expected a field name before the direction".into());
        }
        Ok(SortKey {
            column: column.to_string(),
            desc,
        })
    }
}

/// The shape of a query's output for table `T`.
pub struct View<T> {
    columns: Vec<ViewColumn<T>>,
    shown: Vec<usize>,
    /// The columns whose cells are computed for each row: the shown ones
    /// and those [`View::need`] adds (sort keys).
    needed: Vec<bool>,
}

impl<T: Record> View<T> {
    /// Builds the view; errors name unknown columns and list the known ones.
    pub fn new(opts: &ViewOptions, ctx: DeriveContext) -> anyhow::Result<View<T>> {
        let mut columns: Vec<ViewColumn<T>> = T::COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| ViewColumn {
                head: Head::new(c.name, CellKind::of(c.kind)),
                get: Getter::Field(i),
            })
            .collect();
        for c in super::derived::columns::<T>(ctx) {
            columns.push(ViewColumn {
                head: Head::new(c.name, c.kind),
                get: Getter::Computed(c.get),
            });
        }
        if opts.ref_names {
            for (i, c) in T::COLUMNS.iter().enumerate() {
                if matches!(c.kind, Kind::Ref(_) | Kind::RefList(_) | Kind::RecordRef) {
                    columns[i].get = Getter::Computed(names_of::<T>(i, c.kind));
                }
            }
        }
        let label_start = columns.len();
        columns.extend(label_columns::<T>());
        let names: Vec<&str> = columns.iter().map(|c| c.head.name.as_str()).collect();
        let shown = match &opts.columns {
            Some(asked) => super::select::columns(T::TABLE.name(), &names, asked)?,
            None => (0..columns.len())
                .filter(|&i| opts.labels || i < label_start)
                .collect(),
        };
        let mut needed = vec![false; columns.len()];
        for &i in &shown {
            needed[i] = true;
        }
        Ok(View {
            columns,
            shown,
            needed,
        })
    }

    /// The heads of the shown columns.
    pub fn heads(&self) -> Vec<Head> {
        self.shown
            .iter()
            .map(|&i| self.columns[i].head.clone())
            .collect()
    }

    /// The (column, descending) of each sort key (shown column or not);
    /// marks them needed, so that [`View::computed`] computes them.
    pub fn sort_keys(&mut self, keys: &[SortKey]) -> anyhow::Result<Vec<(usize, bool)>> {
        let names: Vec<&str> = self.columns.iter().map(|c| c.head.name.as_str()).collect();
        let keys = super::select::sort_keys(T::TABLE.name(), &names, keys)?;
        for &(i, _) in &keys {
            self.needed[i] = true;
        }
        Ok(keys)
    }

    /// Computes the derived cells of a row that are needed (null for the
    /// table's own and for computed columns neither shown nor sorted by).
    pub fn computed(&self, row: &T, ds: &Dataset) -> Vec<Owned> {
        self.columns
            .iter()
            .zip(&self.needed)
            .map(|(c, &needed)| match &c.get {
                Getter::Computed(f) if needed => f(row, ds),
                _ => Owned::Null,
            })
            .collect()
    }

    /// The value of column `i` of a row, given its computed cells.
    pub fn cell<'a>(&self, i: usize, row: &'a T, computed: &'a [Owned]) -> Value<'a> {
        match self.columns[i].get {
            Getter::Field(f) => row.value(f),
            Getter::Computed(_) => computed[i].as_value(),
        }
    }

    /// The shown cells of a row.
    pub fn cells<'a>(&self, row: &'a T, computed: &'a [Owned]) -> Vec<Value<'a>> {
        self.shown
            .iter()
            .map(|&i| self.cell(i, row, computed))
            .collect()
    }

    /// Whether any needed column is computed (so rows need [`View::computed`]).
    pub fn has_computed(&self) -> bool {
        self.columns
            .iter()
            .zip(&self.needed)
            .any(|(c, &needed)| needed && matches!(c.get, Getter::Computed(_)))
    }
}

/// `--labels`: the names behind reference columns, and the province of
/// places and ports.
fn label_columns<T: Record>() -> Vec<ViewColumn<T>> {
    let mut out = Vec::new();
    for (i, c) in T::COLUMNS.iter().enumerate() {
        let (single, spatial) = match c.kind {
            Kind::Ref(t) => (
                true,
                t.contains(&Table::Places) || t.contains(&Table::Ports),
            ),
            Kind::RefList(_) => (false, false),
            Kind::RecordRef => (true, false),
            _ => continue,
        };
        let suffix = if single { "_name" } else { "_names" };
        out.push(ViewColumn {
            head: Head::new(
                format!("{}{suffix}", c.name),
                if single {
                    CellKind::Text
                } else {
                    CellKind::List
                },
            ),
            get: Getter::Computed(Box::new(move |r: &T, ds: &Dataset| {
                let v = r.value(i);
                let ids = v.items();
                let id_of = |s: &str| s.split_once(':').map_or(s, |(_, id)| id).to_string();
                if single {
                    Owned::text(ids.first().and_then(|id| ds.label(&id_of(id))))
                } else {
                    Owned::List(
                        ids.iter()
                            .filter_map(|id| ds.label(id))
                            .map(str::to_string)
                            .collect(),
                    )
                }
            })),
        });
        if spatial {
            out.push(ViewColumn {
                head: Head::new(format!("{}_province", c.name), CellKind::Text),
                get: Getter::Computed(Box::new(move |r: &T, ds: &Dataset| {
                    let v = r.value(i);
                    Owned::text(v.items().first().and_then(|id| province_of(ds, id)))
                })),
            });
        }
    }
    out
}

/// The names behind the ids in column `i` (an id without a name stays).
fn names_of<T: Record>(i: usize, kind: Kind) -> CellFn<T> {
    Box::new(move |r: &T, ds: &Dataset| {
        let v = r.value(i);
        let name = |id: &str| {
            let bare = id.split_once(':').map_or(id, |(_, b)| b);
            ds.label(bare).unwrap_or(id).to_string()
        };
        match kind {
            Kind::RefList(_) => Owned::List(v.items().into_iter().map(name).collect()),
            _ => Owned::text(v.items().first().map(|id| name(id)).as_deref()),
        }
    })
}

/// The name of the province a place, port or facility lies in.
pub fn province_of<'a>(ds: &'a Dataset, id: &str) -> Option<&'a str> {
    let place = ds.place_of(id)?;
    ds.ancestors(place)
        .into_iter()
        .find(|p| p.kind == PlaceKind::Province)
        .map(|p| p.name.as_str())
}

/// Orders two cells: numbers by value, dates by their bounds, text ignoring
/// case and accents; empty cells last.
pub fn compare(a: &Value<'_>, b: &Value<'_>) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        _ => {
            let (x, y) = (a.to_text(), b.to_text());
            fold(&x).cmp(&fold(&y)).then_with(|| x.cmp(&y))
        }
    }
}

/// The map shape of a row: its own coordinates (its [`Kind::Lat`] and
/// [`Kind::Lon`] columns), the line through its path (the [`Role::Start`],
/// [`Role::Via`] and [`Role::End`] columns: a route's origin, via points and
/// destination), or the point of the place or port it refers to.
pub fn geometry<T: Record>(row: &T, ds: &Dataset) -> Option<Geometry> {
    if let Some([lon, lat]) = own_point(row) {
        return Some(Geometry::Point([lon, lat]));
    }
    let path: Vec<usize> = [Role::Start, Role::Via, Role::End]
        .into_iter()
        .flat_map(|role| columns_with(T::COLUMNS, |r| r == role))
        .collect();
    if !path.is_empty() {
        let ids = path.iter().flat_map(|&c| row.value(c).items());
        let pts: Vec<[f64; 2]> = ids.filter_map(|id| point_of(ds, id)).collect();
        return (pts.len() >= 2).then_some(Geometry::Line(pts));
    }
    let spatial = T::COLUMNS.iter().position(|c| matches!(c.kind, Kind::Ref(t) if t.contains(&Table::Places) || t.contains(&Table::Ports)));
    let id = row.value(spatial?).items().first().copied()?;
    point_of(ds, id).map(Geometry::Point)
}

/// A row's own (lon, lat), from its latitude and longitude columns.
fn own_point<T: Record>(row: &T) -> Option<[f64; 2]> {
    let col = |kind: Kind| T::COLUMNS.iter().position(|c| c.kind == kind);
    match (row.value(col(Kind::Lon)?), row.value(col(Kind::Lat)?)) {
        (Value::Number(lon), Value::Number(lat)) => Some([lon, lat]),
        _ => None,
    }
}

/// The (lon, lat) of a row with coordinates (a place, port or facility),
/// falling back to the place it lies in.
pub fn point_of(ds: &Dataset, id: &str) -> Option<[f64; 2]> {
    struct Own<'a>(&'a Dataset, usize);
    impl TableFn for Own<'_> {
        type Out = Option<[f64; 2]>;
        fn call<T: Record>(self) -> Self::Out {
            own_point(self.0.rows::<T>().get(self.1)?)
        }
    }
    let (table, i) = ds.locate(id)?;
    table.dispatch(Own(ds, i)).or_else(|| {
        let place = ds.place_of(id)?;
        (place != id).then(|| point_of(ds, place)).flatten()
    })
}
