#!/usr/bin/env bash
# Side-by-side benchmark of nkport against the CSV tools users would
# otherwise reach for, on synthetic data packages of 100,000 and 1,000,000
# routes. See BENCHMARKS.md for what is measured and the last results.
#
#   bash bench/run.sh              # both sizes, 5 runs each
#   SIZES="100000" RUNS=3 bash bench/run.sh
#
# Comparison tools are optional: each missing one is reported (with how to
# install it) and skipped.
#   xsv:       cargo install xsv                              (crates.io)
#   Miller:    apt-get update && apt-get install -y miller    (Debian)
#   DuckDB:    pip install duckdb                             (PyPI; the Python API is used)
#   hyperfine: apt-get install -y hyperfine                   (optional: exact medians)
#   GNU time:  apt-get install -y time                        (peak memory)
#
# Writes bench/data/results.md (a Markdown table) and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"100000 1000000"}
RUNS=${RUNS:-5}
DATA=bench/data
OUT=$DATA/out
RESULTS=$DATA/results.md
PROVINCE=${PROVINCE:-"North Hamgyong"}
PROVINCE_ID=${PROVINCE_ID:-north-hamgyong}
mkdir -p "$OUT"

echo "== building (release)" >&2
cargo build --release --quiet --bin nkport --example synth
NK="$PWD/target/release/nkport"
SYNTH="$PWD/target/release/examples/synth"

have() { command -v "$1" >/dev/null 2>&1; }
HAVE_XSV=0; HAVE_MLR=0; HAVE_DUCK=0; HAVE_HF=0; HAVE_TIME=0
if have xsv; then HAVE_XSV=1; else echo "skip: xsv not found (install: cargo install xsv)" >&2; fi
if have mlr; then HAVE_MLR=1; else echo "skip: Miller not found (install: apt-get update && apt-get install -y miller)" >&2; fi
if have python3 && python3 -c "import duckdb" 2>/dev/null; then HAVE_DUCK=1; else echo "skip: DuckDB not found (install: pip install duckdb)" >&2; fi
if have hyperfine; then HAVE_HF=1; else echo "note: hyperfine not found, timing with a shell loop (install: apt-get install -y hyperfine)" >&2; fi
if [ -x /usr/bin/time ]; then HAVE_TIME=1; else echo "note: GNU time not found, no peak memory (install: apt-get install -y time)" >&2; fi

# measure NAME SIZE CMD: median wall seconds of $RUNS runs and peak RSS (MiB)
# of one more; appends a row to the results.
declare -A MEDIAN RSS
measure() {
  local name=$1 size=$2 cmd=$3 median rss="-"
  echo "== $name ($size): $cmd" >&2
  if [ $HAVE_HF = 1 ]; then
    hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$OUT/hf.json" "$cmd" >/dev/null 2>&1 \
      || { echo "   failed: $cmd" >&2; return 0; }
    median=$(python3 -c "import json;print('%.4f'%json.load(open('$OUT/hf.json'))['results'][0]['median'])")
  else
    local times=() t0 t1
    bash -c "$cmd" >/dev/null 2>&1 || { echo "   failed: $cmd" >&2; return 0; }
    for _ in $(seq "$RUNS"); do
      t0=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1; t1=$(date +%s%N)
      times+=("$(( (t1 - t0) / 1000 ))")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.4f", m/1e6}')
  fi
  if [ $HAVE_TIME = 1 ]; then
    rss=$(/usr/bin/time -f "%M" -o "$OUT/rss.txt" bash -c "$cmd" >/dev/null 2>&1; awk '{printf "%.1f", $1/1024}' "$OUT/rss.txt")
  fi
  MEDIAN["$name@$size"]=$median
  RSS["$name@$size"]=$rss
  printf '| %s | %s | %s | %s |\n' "$name" "$size" "$median" "$rss" >>"$RESULTS.rows"
  echo "   median ${median}s, peak ${rss} MiB" >&2
}

: >"$RESULTS.rows"
for n in $SIZES; do
  dir=$DATA/$n
  if [ ! -f "$dir/routes.csv" ] || [ "$(($(wc -l <"$dir/routes.csv") - 1))" != "$n" ]; then
    echo "== generating $n routes into $dir" >&2
    /usr/bin/env time -f "   generated in %e s" "$SYNTH" --routes "$n" --out "$dir" 2>&1 | tail -1 >&2 || "$SYNTH" --routes "$n" --out "$dir"
  fi
  r=$dir/routes.csv
  # Filtered CSV export: routes carrying steel.
  measure "nkport routes --goods steel" "$n" "$NK routes --data $dir --goods steel --format csv > $OUT/nk.csv"
  [ $HAVE_XSV = 1 ] && measure "xsv search -s goods steel" "$n" "xsv search -s goods steel $r > $OUT/xsv.csv"
  [ $HAVE_MLR = 1 ] && measure "mlr filter goods =~ steel" "$n" "mlr --csv filter 'tolower(\$goods) =~ \"steel\"' $r > $OUT/mlr.csv"
  [ $HAVE_DUCK = 1 ] && measure "duckdb COPY goods LIKE steel" "$n" "python3 -c \"import duckdb; duckdb.sql(\\\"COPY (SELECT * FROM read_csv('$r', all_varchar=true) WHERE lower(goods) LIKE '%steel%') TO '$OUT/duck.csv' (HEADER)\\\")\""
  measure "wc -l (floor)" "$n" "wc -l $r > $OUT/wc.txt"
  # Province filter over the place hierarchy.
  measure "nkport routes --province" "$n" "$NK routes --data $dir --province '$PROVINCE' --format csv > $OUT/nkp.csv"
  if [ $HAVE_DUCK = 1 ]; then
    sql="COPY (WITH RECURSIVE within(id) AS (SELECT '$PROVINCE_ID' UNION SELECT p.id FROM read_csv('$dir/places.csv', all_varchar=true) p JOIN within w ON p.parent = w.id), ids AS (SELECT id FROM within UNION SELECT po.id FROM read_csv('$dir/ports.csv', all_varchar=true) po JOIN within w ON po.place = w.id) SELECT r.* FROM read_csv('$r', all_varchar=true) r WHERE r.origin IN (SELECT id FROM ids) OR r.destination IN (SELECT id FROM ids) OR list_has_any(string_split(coalesce(r.via, ''), ';'), (SELECT list(id) FROM ids))) TO '$OUT/duckp.csv' (HEADER)"
    measure "duckdb province join" "$n" "python3 -c \"import duckdb; duckdb.sql(\\\"$sql\\\")\""
  fi
  # Sorted output (every route, by name) and check.
  measure "nkport routes --sort name" "$n" "$NK routes --data $dir --sort name --format csv > $OUT/nks.csv"
  measure "nkport check" "$n" "$NK check --data $dir > $OUT/check.txt"
done

# Start-up: the embedded data package against the floor of starting a process.
printf 'id,name\n1,a\n' >"$OUT/tiny.csv"
measure "nkport leases (embedded)" "-" "$NK leases --format csv > $OUT/leases.csv"
[ $HAVE_XSV = 1 ] && measure "xsv count tiny.csv" "-" "xsv count $OUT/tiny.csv > $OUT/count.txt"

# Row counts agree?
if [ $HAVE_XSV = 1 ]; then
  echo "rows: nkport $(wc -l <"$OUT/nk.csv"), xsv $(wc -l <"$OUT/xsv.csv") (last size, header included)" >&2
fi

ratio() { # ratio A B: A/B to two places, or "-"
  local a=${MEDIAN[$1]:-} b=${MEDIAN[$2]:-}
  if [ -n "$a" ] && [ -n "$b" ]; then awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a/b}'; else echo "-"; fi
}
rratio() {
  local a=${RSS[$1]:-} b=${RSS[$2]:-}
  if [ -n "$a" ] && [ -n "$b" ] && [ "$a" != "-" ]; then awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a/b}'; else echo "-"; fi
}
big=${SIZES##* }; small=${SIZES%% *}
{
  echo "| command | routes | median wall (s) | peak RSS (MiB) |"
  echo "| --- | ---: | ---: | ---: |"
  cat "$RESULTS.rows"
  echo
  echo "| target | measured | goal |"
  echo "| --- | ---: | --- |"
  echo "| export vs xsv search ($big) | $(ratio "nkport routes --goods steel@$big" "xsv search -s goods steel@$big") | <= 1.0 |"
  echo "| export vs Miller ($big) | $(ratio "nkport routes --goods steel@$big" "mlr filter goods =~ steel@$big") | < 1.0 |"
  echo "| export vs DuckDB ($big) | $(ratio "nkport routes --goods steel@$big" "duckdb COPY goods LIKE steel@$big") | < 1.0 |"
  echo "| export peak RSS $big / $small | $(rratio "nkport routes --goods steel@$big" "nkport routes --goods steel@$small") | <= 1.25 |"
  echo "| province / export ($big) | $(ratio "nkport routes --province@$big" "nkport routes --goods steel@$big") | <= 1.5 |"
  echo "| check time $big / $small | $(ratio "nkport check@$big" "nkport check@$small") | <= 11 |"
  echo "| sorted time $big / $small | $(ratio "nkport routes --sort name@$big" "nkport routes --sort name@$small") | <= 11 |"
  echo "| start-up vs xsv count | $(ratio "nkport leases (embedded)@-" "xsv count tiny.csv@-") | <= 1.5 |"
} >"$RESULTS"
rm -f "$RESULTS.rows"
cat "$RESULTS"
