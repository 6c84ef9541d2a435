//! `nkport sql-views --dialect duckdb|spark`: SQL that defines, over the
//! Parquet export (`<table>.parquet` in the current directory, as `export
//! all --format parquet -o DIR` writes them), views of the answers nkport
//! derives, so the same questions run on DuckDB or Spark:
//!
//!   <table>                  one view per table over its Parquet file
//!   place_ancestors          (place, ancestor, depth): a place and every place above it
//!   point_places             (id, place): the place a place, port, facility or dock lies in
//!   route_points             (route, point, role): origin, destination and each via point
//!   route_places             (route, place): every place a route touches, at every level
//!   route_provinces          (route, province): as `routes --province` and `facet routes province`
//!   route_countries          (route, country, code): the countries a route touches
//!   route_province_counts    (value, label, count): `facet routes province`
//!   lease_ends               (lease, end_edtf, end_earliest, end_latest, end_basis)
//!   query_day                (day): the day `lease_active_on` asks about (--as-of)
//!   lease_active_on          (lease, day, active_on): yes, no or possibly
//!   population_conflicts     (place, facility, measure, unit, id, value, sources):
//!                            figures that disagree, from different sources
//!
//! DuckDB follows the place hierarchy with a recursive query; Spark SQL
//! before 4.1 has none, so its `place_ancestors` unrolls the hierarchy to 12
//! levels, and a query reaching a 13th fails with an error naming the place.
//!
//! Examples:
//!   nkport export all --format parquet -o pq && cd pq
//!   nkport sql-views --dialect duckdb > views.sql
//!   duckdb -init views.sql -c "SELECT * FROM route_provinces"
//!   nkport sql-views --dialect spark --as-of 2041-01-01 -o views.sql

use crate::config::Config;
use crate::model::Table;
use crate::output::Target;
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `sql-views`.
#[derive(Debug, clap::Args, Clone)]
#[command(
    after_help = "Run the SQL in the directory `export all --format parquet -o DIR` wrote:
it reads <table>.parquet from the current directory. --as-of DATE sets the day
lease_active_on asks about (default today).

Examples:
  nkport export all --format parquet -o pq && cd pq
  nkport sql-views --dialect duckdb > views.sql
  duckdb -init views.sql -c \"SELECT * FROM route_provinces WHERE province = 'north-pyongan'\"
  nkport sql-views --dialect spark --as-of 2041-01-01 -o views.sql"
)]
pub struct Args {
    /// The SQL dialect.
    #[arg(long, value_enum, ignore_case = true)]
    pub dialect: Dialect,
}

/// An SQL dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    /// DuckDB.
    Duckdb,
    /// Spark SQL.
    Spark,
}

/// How deep Spark's unrolled `place_ancestors` follows parents; a chain
/// that goes on further makes any query over it fail (Spark's
/// `raise_error`) rather than lose ancestors silently.
const SPARK_DEPTH: usize = 12;

/// Runs `sql-views`.
pub fn run(g: &Config, a: &Args) -> anyhow::Result<ExitCode> {
    if let Some(path) = &g.output
        && let Some(ext) = path.extension()
        && !ext.eq_ignore_ascii_case("sql")
    {
        return Err(crate::config::UsageError(format!(
            "sql-views writes SQL, but -o {} names another kind of file: give it a .sql name",
            path.display()
        ))
        .into());
    }
    let mut out = Target::open(g.output.as_deref())?;
    out.write_all(views(a.dialect, g.as_of).as_bytes())?;
    out.commit()?;
    Ok(ExitCode::SUCCESS)
}

/// The SQL text: every view, in an order in which each can be created.
pub fn views(d: Dialect, day: chrono::NaiveDate) -> String {
    let duck = d == Dialect::Duckdb;
    let create = if duck {
        "CREATE OR REPLACE VIEW"
    } else {
        "CREATE OR REPLACE TEMPORARY VIEW"
    };
    let mut s = format!(
        "-- nkport {} views over the Parquet export (`nkport export all --format parquet -o DIR`);\n\
         -- run them in DIR. Made by `nkport sql-views --dialect {}`.\n\n",
        if duck { "DuckDB" } else { "Spark SQL" },
        if duck { "duckdb" } else { "spark" },
    );
    for t in Table::ALL {
        let file = format!("{}.parquet", t.name());
        let source = if duck {
            format!("read_parquet('{file}')")
        } else {
            format!("parquet.`{file}`")
        };
        s += &format!("{create} {} AS SELECT * FROM {source};\n", t.name());
    }
    s += "\n-- A place and every place above it (depth 0 is the place itself); a\n\
          -- missing parent or a cycle ends the chain.\n";
    if duck {
        s += &format!(
            "{create} place_ancestors AS\n\
             WITH RECURSIVE up(place, ancestor, depth, seen) AS (\n\
             \x20 SELECT id, id, 0, [id] FROM places\n\
             \x20 UNION ALL\n\
             \x20 SELECT up.place, q.id, up.depth + 1, list_append(up.seen, q.id)\n\
             \x20 FROM up JOIN places p ON p.id = up.ancestor JOIN places q ON q.id = p.parent\n\
             \x20 WHERE NOT list_contains(up.seen, q.id)\n\
             )\n\
             SELECT place, ancestor, depth FROM up;\n"
        );
    } else {
        s += &spark_place_ancestors(create);
    }
    let via = if duck {
        "SELECT id AS route, unnest(via) AS point, 'via' AS role FROM routes"
    } else {
        "SELECT id AS route, explode(via) AS point, 'via' AS role FROM routes"
    };
    s += &format!(
        "\n-- The place each place, port, facility or dock lies in.\n\
         {create} point_places AS\n\
         \x20 SELECT id, id AS place FROM places\n\
         \x20 UNION ALL SELECT id, place FROM ports\n\
         \x20 UNION ALL SELECT id, place FROM facilities\n\
         \x20 UNION ALL SELECT d.id, p.place FROM docks d JOIN ports p ON p.id = d.port;\n\
         \n\
         {create} route_points AS\n\
         \x20 SELECT id AS route, origin AS point, 'origin' AS role FROM routes\n\
         \x20 UNION ALL SELECT id AS route, destination AS point, 'destination' AS role FROM routes\n\
         \x20 UNION ALL {via};\n\
         \n\
         -- Every place a route touches, at every level: `routes --province X`\n\
         -- (or --place X) is the routes with a row here for X.\n\
         {create} route_places AS\n\
         \x20 SELECT DISTINCT rp.route, a.ancestor AS place\n\
         \x20 FROM route_points rp\n\
         \x20 JOIN point_places pp ON pp.id = rp.point\n\
         \x20 JOIN place_ancestors a ON a.place = pp.place;\n\
         \n\
         {create} route_provinces AS\n\
         \x20 SELECT rp.route, rp.place AS province\n\
         \x20 FROM route_places rp JOIN places p ON p.id = rp.place\n\
         \x20 WHERE p.kind = 'province';\n\
         \n\
         {create} route_countries AS\n\
         \x20 SELECT rp.route, rp.place AS country, p.country AS code\n\
         \x20 FROM route_places rp JOIN places p ON p.id = rp.place\n\
         \x20 WHERE p.kind = 'country';\n\
         \n\
         -- `facet routes province`: each route counted under every province it\n\
         -- touches; routes touching none under an empty value labelled (none).\n\
         {create} route_province_counts AS\n\
         \x20 SELECT coalesce(rp.province, '') AS value,\n\
         \x20        CASE WHEN rp.province IS NULL THEN '(none)' ELSE max(p.name) END AS label,\n\
         \x20        count(*) AS count\n\
         \x20 FROM routes r\n\
         \x20 LEFT JOIN route_provinces rp ON rp.route = r.id\n\
         \x20 LEFT JOIN places p ON p.id = rp.province\n\
         \x20 GROUP BY rp.province;\n\
         \n\
         -- When each lease ends: as given, or start (else signed) + term.\n\
         {create} lease_ends AS\n\
         \x20 SELECT id AS lease, end_effective AS end_edtf, end_effective_earliest AS end_earliest,\n\
         \x20        end_effective_latest AS end_latest, end_basis\n\
         \x20 FROM leases;\n\
         \n\
         -- The day lease_active_on asks about; redefine it to ask about another.\n\
         {create} query_day AS SELECT DATE '{day}' AS day;\n\
         \n\
         -- Is each lease in force on the query day: yes, no, or possibly when the\n\
         -- fuzzy dates straddle it (as `leases --active-on DAY`).\n\
         {create} lease_active_on AS\n\
         SELECT lease, day,\n\
         \x20 CASE WHEN status = 'cancelled' OR begun = 'no' OR running = 'no' THEN 'no'\n\
         \x20      WHEN begun = 'yes' AND running = 'yes' THEN 'yes'\n\
         \x20      ELSE 'possibly' END AS active_on\n\
         FROM (\n\
         \x20 SELECT l.id AS lease, d.day, l.status,\n\
         \x20   CASE WHEN l.start IS NULL AND l.signed IS NULL THEN 'possibly'\n\
         \x20        WHEN coalesce(l.start_latest, CASE WHEN l.start IS NULL THEN l.signed_latest END) <= d.day THEN 'yes'\n\
         \x20        WHEN coalesce(l.start_earliest, CASE WHEN l.start IS NULL THEN l.signed_earliest END) > d.day THEN 'no'\n\
         \x20        ELSE 'possibly' END AS begun,\n\
         \x20   CASE WHEN l.end_effective IS NULL THEN CASE WHEN l.status = 'expired' THEN 'no' ELSE 'possibly' END\n\
         \x20        WHEN l.end_effective_earliest > d.day THEN 'yes'\n\
         \x20        WHEN l.end_effective_latest <= d.day THEN 'no'\n\
         \x20        ELSE 'possibly' END AS running\n\
         \x20 FROM leases l CROSS JOIN query_day d\n\
         ) t;\n\
         \n\
         -- Population figures that disagree: same place, facility, measure and\n\
         -- unit, different values, from different sources (as `population --conflicts`).\n\
         {create} population_sources AS\n\
         \x20 SELECT p.id, {sources} AS sources\n\
         \x20 FROM population p LEFT JOIN citations c ON c.record = concat('population:', p.id)\n\
         \x20 GROUP BY p.id;\n\
         \n\
         {create} population_conflicts AS\n\
         \x20 SELECT p.place, p.facility, p.measure, p.unit, p.id, p.value, s.sources\n\
         \x20 FROM population p JOIN population_sources s ON s.id = p.id\n\
         \x20 JOIN (\n\
         \x20   SELECT p.place, coalesce(p.facility, '') AS facility, p.measure, p.unit\n\
         \x20   FROM population p JOIN population_sources s ON s.id = p.id\n\
         \x20   GROUP BY p.place, coalesce(p.facility, ''), p.measure, p.unit\n\
         \x20   HAVING count(DISTINCT p.value) > 1 AND count(DISTINCT s.sources) > 1\n\
         \x20 ) g ON g.place = p.place AND g.facility = coalesce(p.facility, '')\n\
         \x20     AND g.measure = p.measure AND g.unit = p.unit;\n",
        sources = if duck {
            "array_to_string(list_sort(list(DISTINCT c.source)), ';')"
        } else {
            "concat_ws(';', sort_array(collect_set(c.source)))"
        },
    );
    s
}

/// Spark's `place_ancestors`: each place joined to its parents up to
/// [`SPARK_DEPTH`] levels in one pass (`p1` is the parent of `p0`, `p2` its
/// parent ...), exploded into one row per level. A level that repeats an
/// earlier place is a cycle and ends the chain (every later level repeats
/// too); a chain that still goes on past the last level fails the query.
fn spark_place_ancestors(create: &str) -> String {
    let deeper = SPARK_DEPTH + 1;
    let earlier = |d: usize| {
        (0..d)
            .map(|k| format!("p{k}.id"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut levels = vec!["    named_struct('ancestor', p0.id, 'depth', 0)".to_string()];
    for d in 1..=SPARK_DEPTH {
        levels.push(format!(
            "    named_struct('ancestor', CASE WHEN p{d}.id NOT IN ({}) THEN p{d}.id END, 'depth', {d})",
            earlier(d)
        ));
    }
    let joins: String = (1..=deeper)
        .map(|k| format!("\n  LEFT JOIN places p{k} ON p{k}.id = p{}.parent", k - 1))
        .collect();
    format!(
        "{create} place_ancestors AS\n\
         SELECT place, a.ancestor, a.depth FROM (\n\
         \x20 SELECT p0.id AS place, explode(array(\n{levels}\n  )) AS a\n\
         \x20 FROM places p0{joins}\n\
         \x20 WHERE p{deeper}.id IS NULL OR p{deeper}.id IN ({all})\n\
         \x20   OR raise_error(concat('place_ancestors: the chain of parents above ', p0.id,\n\
         \x20     ' is longer than {SPARK_DEPTH} levels')) IS NULL\n\
         ) t\n\
         WHERE a.ancestor IS NOT NULL;\n",
        levels = levels.join(",\n"),
        all = earlier(deeper),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_gets_a_view_in_both_dialects() {
        let day = chrono::NaiveDate::from_ymd_opt(2041, 1, 1).unwrap();
        let duck = views(Dialect::Duckdb, day);
        let spark = views(Dialect::Spark, day);
        for t in Table::ALL {
            assert!(duck.contains(&format!(
                "VIEW {} AS SELECT * FROM read_parquet('{}.parquet')",
                t.name(),
                t.name()
            )));
            assert!(spark.contains(&format!(
                "VIEW {} AS SELECT * FROM parquet.`{}.parquet`",
                t.name(),
                t.name()
            )));
        }
        assert!(duck.contains("WITH RECURSIVE"));
        assert!(!spark.contains("RECURSIVE"));
        assert!(spark.contains(&format!("'depth', {SPARK_DEPTH})")));
        assert!(spark.contains(&format!(
            "LEFT JOIN places p{0} ON p{0}.id",
            SPARK_DEPTH + 1
        )));
        assert!(duck.contains("DATE '2041-01-01'"));
    }
}
