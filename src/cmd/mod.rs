//! One module per command. Each wires a path through the library: arguments
//! in, filters and a view out, the shared runner does the rest.

pub mod check;
pub mod completions;
pub mod export;
pub mod facet;
pub mod list;
pub mod rows;
pub mod search;
pub mod show;
pub mod sql_views;
pub mod timeline;

use crate::config::Config;
use crate::dataset::Dataset;
use crate::load::Package;
use crate::model::{Certainty, PlaceKind, Record, Table, Vocab, Words};
use crate::names::{Hit, Names};
use crate::query::{DeriveContext, Filter};
use std::collections::HashSet;
use std::process::ExitCode;
use std::sync::Arc;

pub use list::list;
pub use rows::{conflicts, write_table};

/// The list commands, one per table of the registry
/// ([`crate::model::Table`]): table `name`'s command is `cmd/name.rs`, with
/// its `Args` (the filters) and `run`.
macro_rules! table_commands {
    ($($variant:ident $name:ident $record:ident $rank:literal $what:literal,)+) => {
        $(pub mod $name;)+

        /// The list commands, one per table.
        #[derive(Debug, clap::Subcommand, Clone)]
        pub enum TableCommand {
            $(
                #[doc = concat!("List ", $what, ".")]
                #[command(about = concat!("List ", $what))]
                $variant($name::Args),
            )+
        }

        impl TableCommand {
            /// Runs this list command with the global options.
            pub fn run(&self, g: &Config) -> anyhow::Result<ExitCode> {
                match self {
                    $(TableCommand::$variant(a) => $name::run(g, a),)+
                }
                .map(|()| ExitCode::SUCCESS)
            }

            /// The table this command lists.
            pub fn table(&self) -> Table {
                match self {
                    $(TableCommand::$variant(_) => Table::$variant,)+
                }
            }
        }
    };
}
crate::model::each_table!(table_commands);

/// Keeps what a command loaded until the process exits, never freed: the
/// process ends right after the command, and freeing millions of rows one
/// by one takes seconds. (The operating system takes the memory back.)
pub fn held<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// What a command works with: the package, its loaded tables and names.
pub struct Ctx {
    /// The data package.
    pub pkg: Package,
    /// The resolved options.
    pub config: Config,
    /// The loaded tables.
    pub ds: Dataset,
    /// Names of the loaded records, indexed on first use ([`Ctx::names`]):
    /// folding every name of a big table costs seconds.
    names: std::cell::OnceCell<Names>,
    /// Time questions a command asks of its rows (`leases --active-on`).
    pub questions: DeriveContext,
}

impl Ctx {
    /// Loads `tables` of the package the options name.
    pub fn load(g: &Config, tables: &[Table]) -> anyhow::Result<Ctx> {
        let pkg = Package::new(g.data.clone());
        pkg.verify()?;
        let ds = Dataset::load_tables(&pkg, tables)?;
        Ok(Ctx {
            pkg,
            config: g.clone(),
            ds,
            names: std::cell::OnceCell::new(),
            questions: DeriveContext {
                as_of: g.as_of,
                active_on: None,
                expiring_before: None,
                ties: false,
            },
        })
    }

    /// The index of the loaded records' names, built on first use.
    pub fn names(&self) -> &Names {
        self.names.get_or_init(|| Names::new(&self.ds, &Table::ALL))
    }

    /// The context derived columns see.
    pub fn derive(&self) -> DeriveContext {
        self.questions
    }

    /// The one record `query` names, preferring tables in the given order.
    pub fn resolve(&self, query: &str, tables: &[Table]) -> anyhow::Result<Hit> {
        Ok(self.names().resolve(query, tables)?.clone())
    }

    /// Every `table:id` that `query` names (an id, `table:id`, name or alias,
    /// in any table); an error with the closest names when it names nothing.
    /// The tables are read for this question alone: a `table:id` reads its
    /// table, any other name every table.
    pub fn record_refs(&self, query: &str) -> anyhow::Result<Vec<String>> {
        let tables = match crate::model::RecordRef::parse(query.trim()) {
            Ok(r) => vec![r.table()],
            Err(_) => Table::ALL.to_vec(),
        };
        let ds = Dataset::load_tables(&self.pkg, &tables)?;
        let names = Names::new(&ds, &tables);
        let hits = names.lookup(query);
        if hits.is_empty() {
            names.resolve(query, &Table::ALL)?;
        }
        Ok(hits
            .iter()
            .map(|h| format!("{}:{}", h.table, h.id))
            .collect())
    }

    /// The ids that lie in what `query` names: a place and all below it, a
    /// port and its docks, or one record.
    pub fn scope(&self, query: &str, tables: &[Table]) -> anyhow::Result<Arc<HashSet<String>>> {
        let hit = self.resolve(query, tables)?;
        Ok(Arc::new(crate::query::filter::scope_of(
            &self.ds, hit.table, &hit.id,
        )))
    }

    /// The province `query` names (name, alias or ISO code such as KP-09):
    /// a place of kind province, else an error naming what it is instead.
    pub fn province(&self, query: &str) -> anyhow::Result<Hit> {
        let hit = self.resolve(query, &[Table::Places])?;
        match self.ds.places.iter().find(|p| p.id == hit.id) {
            Some(p) if p.kind == PlaceKind::Province => Ok(hit),
            Some(p) => {
                let provinces: Vec<String> = self
                    .ds
                    .places
                    .iter()
                    .filter(|q| q.kind == PlaceKind::Province)
                    .map(|q| format!("\n  {} ({})", q.id, q.name))
                    .collect();
                anyhow::bail!(
                    "{query:?} is {} {} ({}), not a province (use --place for any place); provinces:{}",
                    article(p.kind.as_str()),
                    p.kind,
                    p.id,
                    provinces.concat()
                )
            }
            None => Ok(hit),
        }
    }

    /// The ISO 3166-1 code of the country `query` names: a code, or the id,
    /// name or alias of a country in `places` (`China`, `PRC`, `cn`). A code
    /// used in a loaded country column counts too. Anything else is an
    /// error listing the closest countries (`XX` is not a country).
    pub fn country_code(&self, query: &str) -> anyhow::Result<String> {
        let countries: Vec<&crate::model::Place> = self
            .ds
            .places
            .iter()
            .filter(|p| p.kind == PlaceKind::Country && p.country.is_some())
            .collect();
        let code = query.trim().to_ascii_uppercase();
        let used = countries
            .iter()
            .filter_map(|p| p.country.as_deref())
            .chain(self.ds.places.iter().filter_map(|p| p.country.as_deref()))
            .chain(
                self.ds
                    .facilities
                    .iter()
                    .filter_map(|f| f.country.as_deref()),
            );
        if code.len() == 2 && used.clone().any(|c| c == code) {
            return Ok(code);
        }
        let key = crate::names::fold(query);
        let named: Vec<&&crate::model::Place> = countries
            .iter()
            .filter(|p| {
                crate::names::fold(&p.id) == key
                    || p.names().iter().any(|n| crate::names::fold(n) == key)
            })
            .collect();
        if let [one] = named.as_slice() {
            return Ok(one.country.clone().unwrap_or_default());
        }
        let mut suggestions: Vec<Hit> = self
            .names()
            .suggest(query, &[Table::Places])
            .into_iter()
            .filter(|h| countries.iter().any(|p| p.id == h.id))
            .collect();
        if suggestions.is_empty() {
            suggestions = countries
                .iter()
                .map(|p| Hit {
                    table: Table::Places,
                    id: p.id.clone(),
                    label: format!("{}, {}", p.name, p.country.as_deref().unwrap_or("")),
                })
                .collect();
        }
        Err(crate::names::NameError::NotFound {
            query: query.to_string(),
            scope: "country (ISO 3166-1 code, name or alias)".into(),
            suggestions,
            hint: String::new(),
        }
        .into())
    }

    /// The ids in the country `query` names (see [`Ctx::country_code`]):
    /// the country's place and everything in it.
    pub fn country_scope(&self, query: &str) -> anyhow::Result<Arc<HashSet<String>>> {
        let code = self.country_code(query)?;
        let mut ids = HashSet::new();
        for p in &self.ds.places {
            if p.kind == PlaceKind::Country && p.country.as_deref() == Some(code.as_str()) {
                ids.extend(crate::query::filter::ids_within(&self.ds, &p.id));
            }
        }
        Ok(Arc::new(ids))
    }

    /// A filter keeping rows whose `columns` lie in what `query` names.
    pub fn within<T: Record>(
        &self,
        columns: &[&str],
        query: &str,
        tables: &[Table],
    ) -> anyhow::Result<Filter<T>> {
        Ok(Filter::RefIn {
            columns: column_list::<T>(columns)?,
            ids: self.scope(query, tables)?,
        })
    }

    /// The ids of the sources `query` names: one by its id or title, or
    /// every source of a publisher (`Daily NK`); an error with the closest
    /// sources when it names none.
    pub fn sources(&self, query: &str) -> anyhow::Result<HashSet<String>> {
        let exact = self.resolve(query, &[Table::Sources]);
        if let Ok(hit) = &exact
            && hit.id == query.trim()
        {
            return Ok(HashSet::from([hit.id.clone()]));
        }
        let named: HashSet<String> = self
            .names()
            .lookup(query)
            .into_iter()
            .filter(|h| h.table == Table::Sources)
            .map(|h| h.id.clone())
            .collect();
        if named.is_empty() {
            return Err(exact.err().map_or_else(
                || anyhow::anyhow!("no source matches {}", crate::load::shorten(query)),
                Into::into,
            ));
        }
        Ok(named)
    }

    /// The ids of the `T` rows that `source` (an id, title or publisher) cites.
    pub fn cited_by<T: Record>(&self, source: &str) -> anyhow::Result<HashSet<String>> {
        let sources = self.sources(source)?;
        let mut out = HashSet::new();
        for c in self.pkg.rows::<crate::model::Citation>()? {
            let c = c?.row;
            if sources.contains(&c.source) && c.record.table() == T::TABLE {
                out.insert(c.record.id().to_string());
            }
        }
        Ok(out)
    }
}

/// "a" or "an" before a word.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn column_list<T: Record>(names: &[&str]) -> anyhow::Result<Vec<usize>> {
    names
        .iter()
        .map(|n| crate::query::filter::column::<T>(n))
        .collect()
}

/// Filters every list command has.
#[derive(Debug, clap::Args, Clone, Default)]
pub struct Common {
    /// Keep rows of this certainty (stated, reported, estimated, planned, speculated, inferred).
    #[arg(
        long,
        value_delimiter = ',',
        value_enum,
        ignore_case = true,
        help_heading = "Common filters"
    )]
    pub certainty: Vec<Certainty>,
    /// Keep rows cited by this source (its id, title or publisher).
    #[arg(long, value_name = "SOURCE", help_heading = "Common filters")]
    pub source: Option<String>,
}

impl Common {
    /// The filters these options ask for.
    pub fn filters<T: Record>(&self, ctx: &Ctx) -> anyhow::Result<Vec<Filter<T>>> {
        let mut out = Vec::new();
        if !self.certainty.is_empty() {
            let cs = self.certainty.iter().flat_map(|c| c.covered()).collect();
            out.push(Filter::Certainty(cs));
        }
        if let Some(s) = &self.source {
            if T::TABLE == Table::Citations {
                out.push(is::<T>("source", ctx.sources(s)?)?);
            } else {
                out.push(Filter::IdIn(Arc::new(ctx.cited_by::<T>(s)?)));
            }
        }
        Ok(out)
    }
}

/// A filter keeping rows whose `column` is one of `values`.
pub fn is<T: Record>(
    column: &str,
    values: impl IntoIterator<Item = String>,
) -> anyhow::Result<Filter<T>> {
    Ok(Filter::Is {
        column: crate::query::filter::column::<T>(column)?,
        values: values.into_iter().collect(),
    })
}

/// A filter keeping rows whose `column` is one of these vocabulary values,
/// or of a value one of them covers (`prison` finds `labour-camp` too).
pub fn one_of<T: Record, V: crate::model::Words>(
    column: &str,
    values: &[V],
) -> anyhow::Result<Option<Filter<T>>> {
    if values.is_empty() {
        return Ok(None);
    }
    let mut texts: Vec<String> = Vec::new();
    for v in values.iter().flat_map(|v| v.covered()) {
        if !texts.iter().any(|t| t == v.as_str()) {
            texts.push(v.as_str().to_string());
        }
    }
    is::<T>(column, texts).map(Some)
}

/// A filter keeping rows whose `column` contains `text` (folded); text
/// with no letter or digit (which every row would contain) is a usage error.
pub fn contains<T: Record>(column: &str, text: &str) -> anyhow::Result<Filter<T>> {
    let needle = crate::names::fold(text);
    if needle.is_empty() {
        return Err(crate::config::UsageError(format!(
            "--{} needs text with letters or digits, found {}",
            column.replace('_', "-"),
            crate::load::shorten(text)
        ))
        .into());
    }
    Ok(Filter::Contains {
        column: crate::query::filter::column::<T>(column)?,
        needle,
    })
}

/// [`contains`] for an option that names something by part of it (a lessee,
/// a publisher, goods): an error with the closest values when no row of the
/// whole table holds `text`.
pub fn contains_known<T: Record>(ctx: &Ctx, column: &str, text: &str) -> anyhow::Result<Filter<T>> {
    let filter = contains::<T>(column, text)?;
    if let Filter::Contains { column: c, needle } = &filter {
        let rows = ctx.pkg.rows::<T>()?.map(|r| Ok(r?.row));
        let option = format!("--{}", column.replace('_', "-"));
        crate::query::filter::some_row_contains::<T>(rows, *c, needle, text, &option)?;
    }
    Ok(filter)
}
