#!/usr/bin/env bash
# Side-by-side benchmark of nkport against the tools users would otherwise
# reach for (xsv, DuckDB, Polars, grep), on synthetic data packages of
# 100,000 and 1,000,000 routes. Every row of issue 14's table is measured
# here against the same peers, in one run. See BENCHMARKS.md for the last
# results.
#
#   bash bench/run.sh                                  # both sizes, 5 runs each
#   SIZES="1000000" RUNS=3 bash bench/run.sh
#   DATA=/work/wt/bench-data bash bench/run.sh         # packages outside the repo
#   ONLY="facet check" bash bench/run.sh               # some groups only
#   NK=/tmp/nkport-old bash bench/run.sh               # another build, not rebuilt
#   SKIP="mlr" bash bench/run.sh                        # leave out a slow peer
#
# Groups (ONLY): export sort check facet province search show formats startup.
#
# Peers are optional: each missing one is reported (with how to install it)
# and skipped.
#   xsv:       cargo install xsv                              (crates.io)
#   DuckDB:    pip install duckdb                             (PyPI; the Python API is used)
#   Polars:    pip install polars                             (PyPI)
#   grep, wc:  coreutils / GNU grep (the floor for search and show)
#   Miller:    apt-get update && apt-get install -y miller    (Debian, optional)
#   hyperfine: apt-get install -y hyperfine                   (optional: exact medians)
#   GNU time:  apt-get install -y time                        (peak memory)
#
# The machine's load average (1 minute, /proc/loadavg) is recorded before
# and after every measurement: on a shared machine it says how far to trust
# a number. DuckDB and Polars use every core; nkport uses what it uses.
#
# Writes $DATA/results.md (Markdown tables) and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"100000 1000000"}
RUNS=${RUNS:-5}
DATA=${DATA:-bench/data}
ONLY=${ONLY:-"export sort check facet province search show formats startup"}
OUT=$DATA/out
RESULTS=$DATA/results.md
PROVINCE=${PROVINCE:-"North Hamgyong"}
PROVINCE_ID=${PROVINCE_ID:-north-hamgyong}
SEARCH=${SEARCH:-steel}
mkdir -p "$OUT"
DATA=$(cd "$DATA" && pwd)
OUT=$DATA/out
RESULTS=$DATA/results.md

# NK=path/to/nkport measures that binary instead (e.g. a baseline build).
if [ -z "${NK:-}" ]; then
  echo "== building (release)" >&2
  cargo build --release --quiet --bin nkport --example synth
  NK="$PWD/target/release/nkport"
fi
SYNTH=${SYNTH:-"$PWD/target/release/examples/synth"}

have() { command -v "$1" >/dev/null 2>&1; }
pyhas() { have python3 && python3 -c "import $1" 2>/dev/null; }
HAVE_XSV=0; HAVE_MLR=0; HAVE_DUCK=0; HAVE_POLARS=0; HAVE_HF=0; HAVE_TIME=0
if have xsv; then HAVE_XSV=1; else echo "skip: xsv not found (install: cargo install xsv)" >&2; fi
# SKIP="mlr duckdb ..." leaves out peers by name (a quicker run).
skip() { case " ${SKIP:-} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
if have mlr && ! skip mlr; then HAVE_MLR=1; else echo "skip: Miller not found (install: apt-get update && apt-get install -y miller)" >&2; fi
if pyhas duckdb; then HAVE_DUCK=1; else echo "skip: DuckDB not found (install: pip install duckdb)" >&2; fi
if pyhas polars; then HAVE_POLARS=1; else echo "skip: Polars not found (install: pip install polars)" >&2; fi
if have hyperfine; then HAVE_HF=1; else echo "note: hyperfine not found, timing with a shell loop (install: apt-get install -y hyperfine)" >&2; fi
if [ -x /usr/bin/time ]; then HAVE_TIME=1; else echo "note: GNU time not found, no peak memory (install: apt-get install -y time)" >&2; fi

want() { case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# measure NAME SIZE CMD: median wall seconds of $RUNS runs, peak RSS (MiB)
# of one more, and the 1-minute load average before and after; appends a
# row to the results.
declare -A MEDIAN RSS
measure() {
  local name=$1 size=$2 cmd=$3 median rss="-" l0 l1
  echo "== $name ($size): $cmd" >&2
  l0=$(load1)
  if [ $HAVE_HF = 1 ]; then
    hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$OUT/hf.json" "$cmd" >/dev/null 2>&1 \
      || { echo "   failed: $cmd" >&2; return 0; }
    median=$(python3 -c "import json;print('%.3f'%json.load(open('$OUT/hf.json'))['results'][0]['median'])")
  else
    local times=() t0 t1
    bash -c "$cmd" >/dev/null 2>&1 || { echo "   failed: $cmd" >&2; return 0; }
    for _ in $(seq "$RUNS"); do
      t0=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1; t1=$(date +%s%N)
      times+=("$(( (t1 - t0) / 1000 ))")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m/1e6}')
  fi
  if [ $HAVE_TIME = 1 ]; then
    rss=$(/usr/bin/time -f "%M" -o "$OUT/rss.txt" bash -c "$cmd" >/dev/null 2>&1; awk '{printf "%.1f", $1/1024}' "$OUT/rss.txt")
  fi
  l1=$(load1)
  MEDIAN["$name@$size"]=$median
  RSS["$name@$size"]=$rss
  printf '| %s | %s | %s | %s | %s → %s |\n' "$name" "$size" "$median" "$rss" "$l0" "$l1" >>"$RESULTS.rows"
  echo "   median ${median}s, peak ${rss} MiB, load ${l0} → ${l1}" >&2
}

# duck SQL: runs SQL in DuckDB's Python API (every core, in memory).
duck() { printf 'python3 -c "import duckdb; duckdb.sql(\\"%s\\")"' "$1"; }

# The DuckDB counterpart of `nkport check`: a typed load of every table
# (types detected), duplicate ids across the package, and every reference
# column checked by anti-join against the ids it may name.
write_duck_check() { # DIR -> python file
  cat >"$OUT/duck_check.py" <<PY
import duckdb, sys
d = sys.argv[1]
con = duckdb.connect()
tables = ["sources", "places", "ports", "docks", "facilities", "leases",
          "routes", "population", "events", "claims", "citations"]
for t in tables:
    con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_csv('{d}/{t}.csv', header=true)")
ids = " UNION ALL ".join(f"SELECT id, '{t}' AS tbl FROM {t}" for t in tables)
con.execute(f"CREATE TABLE ids AS {ids}")
problems = con.execute("SELECT count(*) FROM (SELECT id FROM ids GROUP BY id HAVING count(*) > 1)").fetchone()[0]
# (table, column, tables it may name, is a ;-list)
refs = [("places", "parent", ["places"], False),
        ("places", "coords_source", ["sources"], False),
        ("ports", "place", ["places"], False),
        ("ports", "coords_source", ["sources"], False),
        ("docks", "port", ["ports"], False),
        ("leases", "port", ["ports"], False),
        ("leases", "docks", ["docks"], True),
        ("routes", "origin", ["places", "ports"], False),
        ("routes", "destination", ["places", "ports"], False),
        ("routes", "via", ["places", "ports"], True),
        ("population", "place", ["places"], False),
        ("population", "facility", ["facilities"], False),
        ("facilities", "place", ["places"], False),
        ("facilities", "coords_source", ["sources"], False),
        ("events", "places", ["places", "ports", "facilities"], True),
        ("citations", "source", ["sources"], False)]
for t, c, targets, is_list in refs:
    allowed = ", ".join(f"'{x}'" for x in targets)
    src = (f"SELECT trim(unnest(string_split({c}, ';'))) AS v FROM {t} WHERE {c} IS NOT NULL"
           if is_list else f"SELECT {c} AS v FROM {t} WHERE {c} IS NOT NULL")
    problems += con.execute(f"SELECT count(*) FROM ({src}) r ANTI JOIN (SELECT id FROM ids WHERE tbl IN ({allowed})) i ON r.v = i.id").fetchone()[0]
for t, c in [("citations", "record"), ("claims", "subject")]:
    problems += con.execute(f"SELECT count(*) FROM {t} r ANTI JOIN ids i ON split_part(r.{c}, ':', 1) = i.tbl AND split_part(r.{c}, ':', 2) = i.id").fetchone()[0]
print(problems, "problems")
PY
}

: >"$RESULTS.rows"
LOAD_START=$(cat /proc/loadavg)
for n in $SIZES; do
  dir=$DATA/$n
  if [ ! -f "$dir/routes.csv" ] || [ "$(($(wc -l <"$dir/routes.csv") - 1))" != "$n" ]; then
    echo "== generating $n routes into $dir" >&2
    "$SYNTH" --routes "$n" --out "$dir" >&2
  fi
  r=$dir/routes.csv
  port=$(sed -n 2p "$dir/ports.csv" | cut -d, -f1)

  if want export; then
    # Filtered CSV export: routes carrying steel.
    measure "nkport routes --goods steel" "$n" "$NK routes --data $dir --goods steel --format csv > $OUT/nk.csv"
    [ $HAVE_XSV = 1 ] && measure "xsv search -s goods steel" "$n" "xsv search -s goods steel $r > $OUT/xsv.csv"
    [ $HAVE_MLR = 1 ] && measure "mlr filter goods =~ steel" "$n" "mlr --csv filter 'tolower(\$goods) =~ \"steel\"' $r > $OUT/mlr.csv"
    [ $HAVE_DUCK = 1 ] && measure "duckdb COPY goods LIKE steel" "$n" "$(duck "COPY (SELECT * FROM read_csv('$r', all_varchar=true) WHERE lower(goods) LIKE '%steel%') TO '$OUT/duck.csv' (HEADER)")"
    measure "wc -l (floor)" "$n" "wc -l $r > $OUT/wc.txt"
  fi

  if want province; then
    # Province filter over the place hierarchy.
    measure "nkport routes --province" "$n" "$NK routes --data $dir --province '$PROVINCE' --format csv > $OUT/nkp.csv"
    if [ $HAVE_DUCK = 1 ]; then
      sql="COPY (WITH RECURSIVE within(id) AS (SELECT '$PROVINCE_ID' UNION SELECT p.id FROM read_csv('$dir/places.csv', all_varchar=true) p JOIN within w ON p.parent = w.id), ids AS (SELECT id FROM within UNION SELECT po.id FROM read_csv('$dir/ports.csv', all_varchar=true) po JOIN within w ON po.place = w.id) SELECT r.* FROM read_csv('$r', all_varchar=true) r WHERE r.origin IN (SELECT id FROM ids) OR r.destination IN (SELECT id FROM ids) OR list_has_any(string_split(coalesce(r.via, ''), ';'), (SELECT list(id) FROM ids))) TO '$OUT/duckp.csv' (HEADER)"
      measure "duckdb province filter" "$n" "$(duck "$sql")"
    fi
  fi

  if want sort; then
    # Every route, sorted by name.
    measure "nkport routes --sort name" "$n" "$NK routes --data $dir --sort name --format csv > $OUT/nks.csv"
    [ $HAVE_XSV = 1 ] && measure "xsv sort -s name" "$n" "xsv sort -s name $r > $OUT/xsvs.csv"
    [ $HAVE_DUCK = 1 ] && measure "duckdb ORDER BY name" "$n" "$(duck "COPY (SELECT * FROM read_csv('$r', all_varchar=true) ORDER BY name) TO '$OUT/ducks.csv' (HEADER)")"
  fi

  if want check; then
    measure "nkport check" "$n" "$NK check --data $dir > $OUT/check.txt"
    if [ $HAVE_DUCK = 1 ]; then
      write_duck_check
      measure "duckdb check" "$n" "python3 $OUT/duck_check.py $dir > $OUT/duck_check.txt"
    fi
  fi

  if want facet; then
    measure "nkport facet routes mode" "$n" "$NK facet routes mode --data $dir --format csv > $OUT/nkf.csv"
    [ $HAVE_XSV = 1 ] && measure "xsv frequency -s mode" "$n" "xsv frequency -s mode -l 0 $r > $OUT/xsvf.csv"
    [ $HAVE_POLARS = 1 ] && measure "polars group_by mode" "$n" "python3 -c \"import polars as pl; print(pl.scan_csv('$r', infer_schema=False).group_by('mode').len().sort('len', descending=True).collect())\" > $OUT/polarsf.txt"
  fi

  if want facet; then
    measure "nkport facet routes province" "$n" "$NK facet routes province --data $dir --format csv > $OUT/nkfp.csv"
    if [ $HAVE_DUCK = 1 ]; then
      # Each place's provinces by a recursive walk up `parent`, ports through
      # their place, then every route counted once under each province its
      # origin, destination or via items lie in.
      sql="WITH RECURSIVE pl AS (SELECT * FROM read_csv('$dir/places.csv', all_varchar=true)), up(id, anc) AS (SELECT id, id FROM pl UNION SELECT u.id, p.parent FROM up u JOIN pl p ON p.id = u.anc WHERE p.parent IS NOT NULL), prov AS (SELECT u.id, u.anc AS province FROM up u JOIN pl p ON p.id = u.anc WHERE p.kind = 'province'), loc AS (SELECT id, province FROM prov UNION ALL SELECT po.id, pr.province FROM read_csv('$dir/ports.csv', all_varchar=true) po JOIN prov pr ON po.place = pr.id), r AS (SELECT id, origin, destination, via FROM read_csv('$r', all_varchar=true)), ends AS (SELECT id, origin AS ref FROM r UNION ALL SELECT id, destination FROM r UNION ALL SELECT id, trim(unnest(string_split(via, ';'))) FROM r WHERE via IS NOT NULL) SELECT province, count(DISTINCT ends.id) AS n FROM ends JOIN loc ON loc.id = ends.ref GROUP BY province ORDER BY n DESC"
      measure "duckdb province CTE join" "$n" "python3 -c \"import duckdb; print(duckdb.sql(\\\"$sql\\\").fetchall())\" > $OUT/duckfp.txt"
    fi
  fi

  if want search; then
    measure "nkport search $SEARCH" "$n" "$NK search $SEARCH --data $dir --format csv > $OUT/nksearch.csv"
    measure "grep -rc $SEARCH" "$n" "grep -rc $SEARCH $dir > $OUT/grepsearch.txt"
  fi

  if want formats; then
    # Every table of the package written out: CSV files, Parquet files, one
    # SQLite database (issue 15's formats, timed beside the CSV export).
    measure "nkport export all --format csv" "$n" "rm -rf $OUT/nkcsv && $NK export all --data $dir --format csv -o $OUT/nkcsv"
    measure "nkport export all --format parquet" "$n" "rm -rf $OUT/nkpq && $NK export all --data $dir --format parquet -o $OUT/nkpq"
    measure "nkport export all --format sqlite" "$n" "rm -f $OUT/nk.sqlite && $NK export all --data $dir --format sqlite -o $OUT/nk.sqlite"
    [ $HAVE_DUCK = 1 ] && measure "duckdb COPY routes TO parquet" "$n" "$(duck "COPY (SELECT * FROM read_csv('$r', all_varchar=true)) TO '$OUT/duck.parquet' (FORMAT parquet)")"
  fi

  if want show; then
    measure "nkport show (a port)" "$n" "$NK show $port --data $dir > $OUT/nkshow.txt"
    measure "grep -rc (a port)" "$n" "grep -rc $port $dir > $OUT/grepshow.txt"
  fi
done

if want startup; then
  # Start-up: the embedded data package against the floor of starting a process.
  printf 'id,name\n1,a\n' >"$OUT/tiny.csv"
  measure "nkport leases (embedded)" "-" "$NK leases --format csv > $OUT/leases.csv"
  [ $HAVE_XSV = 1 ] && measure "xsv count tiny.csv" "-" "xsv count $OUT/tiny.csv > $OUT/count.txt"
fi
LOAD_END=$(cat /proc/loadavg)

ratio() { # ratio A B: A/B to two places, or "-"
  local a=${MEDIAN[$1]:-} b=${MEDIAN[$2]:-}
  if [ -n "$a" ] && [ -n "$b" ]; then awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a/b}'; else echo "-"; fi
}
rratio() {
  local a=${RSS[$1]:-} b=${RSS[$2]:-}
  if [ -n "$a" ] && [ -n "$b" ] && [ "$a" != "-" ]; then awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a/b}'; else echo "-"; fi
}
secs() { echo "${MEDIAN[$1]:--}"; }
mib() { echo "${RSS[$1]:--}"; }
big=${SIZES##* }; small=${SIZES%% *}
{
  echo "Load average (1, 5, 15 min; running/total; last pid) at the start: \`$LOAD_START\`, at the end: \`$LOAD_END\`. \`nproc\` = $(nproc)."
  echo
  echo "| command | routes | median wall (s) | peak RSS (MiB) | load (1 min) before → after |"
  echo "| --- | ---: | ---: | ---: | --- |"
  cat "$RESULTS.rows"
  echo
  echo "| target ($big routes) | measured | goal |"
  echo "| --- | ---: | --- |"
  echo "| export / xsv search | $(ratio "nkport routes --goods steel@$big" "xsv search -s goods steel@$big") | <= 0.8 |"
  echo "| export peak RSS $big / $small | $(rratio "nkport routes --goods steel@$big" "nkport routes --goods steel@$small") | <= 1.25 (flat) |"
  echo "| sort / xsv sort | $(ratio "nkport routes --sort name@$big" "xsv sort -s name@$big") | <= 1.0 |"
  echo "| sort / DuckDB ORDER BY | $(ratio "nkport routes --sort name@$big" "duckdb ORDER BY name@$big") | < 1.0 |"
  echo "| sort peak RSS / xsv's | $(rratio "nkport routes --sort name@$big" "xsv sort -s name@$big") | < 1.0 |"
  echo "| facet mode / xsv frequency | $(ratio "nkport facet routes mode@$big" "xsv frequency -s mode@$big") | <= 1.0 |"
  echo "| facet mode / Polars | $(ratio "nkport facet routes mode@$big" "polars group_by mode@$big") | - |"
  echo "| facet province / DuckDB CTE join | $(ratio "nkport facet routes province@$big" "duckdb province CTE join@$big") | <= 1.0 |"
  echo "| check / DuckDB check | $(ratio "nkport check@$big" "duckdb check@$big") | <= 1.0 |"
  echo "| check peak RSS (MiB) | $(mib "nkport check@$big") | < 600 |"
  echo "| search wall (s) | $(secs "nkport search $SEARCH@$big") | < 1 |"
  echo "| search / grep -rc | $(ratio "nkport search $SEARCH@$big" "grep -rc $SEARCH@$big") | <= 3 |"
  echo "| show wall (s) | $(secs "nkport show (a port)@$big") | < 1 |"
  echo "| show / grep -rc | $(ratio "nkport show (a port)@$big" "grep -rc (a port)@$big") | <= 3 |"
  [ "$big" != "$small" ] && for cmd in "nkport routes --goods steel" "nkport routes --sort name" "nkport check" "nkport facet routes mode" "nkport facet routes province" "nkport search $SEARCH" "nkport show (a port)" "nkport export all --format csv" "nkport export all --format parquet" "nkport export all --format sqlite"; do
    echo "| $cmd: time $big / $small | $(ratio "$cmd@$big" "$cmd@$small") | <= $((big / small + big / small / 10)) |"
  done
  echo "| start-up vs xsv count | $(ratio "nkport leases (embedded)@-" "xsv count tiny.csv@-") | <= 1.5 |"
} >"$RESULTS"
rm -f "$RESULTS.rows"
cat "$RESULTS"
