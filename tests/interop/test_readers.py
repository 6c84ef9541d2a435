"""nkport's SQLite and Parquet output read by the tools analysts use:
Python's sqlite3, Datasette, DuckDB, Polars and pyarrow; and the SQL of
`nkport sql-views` run in DuckDB and in PySpark's local mode giving the
rows nkport gives.

Run by `cargo test --test python_readers` (tests/python_readers.rs sets
NKPORT to the binary it built and NKPORT_SYNTH_PKG to a synthetic package it
generated), or by hand with the release binary:
    cargo build --release --example synth && python3 -m pytest -q -rs tests/interop
NKPORT names the binary (default target/release/nkport). A reader that is
missing fails the test when NKPORT_INTEROP=require (as .ci/run sets, after
installing them) or CI=true; elsewhere it is skipped with a message saying so.
"""

import datetime
import importlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NKPORT = os.environ.get("NKPORT", str(ROOT / "target" / "release" / "nkport"))
TABLES = ["sources", "places", "ports", "docks", "facilities", "leases",
          "routes", "population", "events", "claims", "citations"]
SYNTH_ROUTES = 3000


def need(module):
    """Imports a reader; under CI a missing one is a failure, not a skip."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("NKPORT_INTEROP") == "require" or os.environ.get("CI") == "true":
            pytest.fail(f"{module} is not installed (CI must install it: .ci/run)")
        pytest.skip(f"SKIPPED: {module} is not installed (pip install {module})")


def run(*args, cwd=None):
    out = subprocess.run([NKPORT, *args], capture_output=True, text=True, cwd=cwd)
    assert out.returncode == 0, f"nkport {args}: {out.stderr}"
    return out.stdout


def json_rows(*args):
    return json.loads(run(*args, "--format", "json"))


@pytest.fixture(scope="session")
def exported(tmp_path_factory):
    d = tmp_path_factory.mktemp("export")
    run("export", "all", "-o", str(d / "pkg.db"))
    run("export", "all", "--format", "parquet", "-o", str(d / "pq"))
    return d


@pytest.fixture(scope="session")
def synth(tmp_path_factory):
    """A synthetic package, its Parquet export and the DuckDB views on it."""
    d = tmp_path_factory.mktemp("synth")
    if os.environ.get("NKPORT_SYNTH_PKG"):
        pkg = Path(os.environ["NKPORT_SYNTH_PKG"])
    else:
        pkg = d / "pkg"
        gen = ROOT / "target" / "release" / "examples" / "synth"
        if not gen.exists():
            pytest.fail(f"{gen} is missing: cargo build --release --example synth")
        subprocess.run([str(gen), "--routes", str(SYNTH_ROUTES), "--out", str(pkg)],
                       check=True, capture_output=True)
    pq = d / "pq"
    run("--data", str(pkg), "export", "all", "--format", "parquet", "-o", str(pq))
    return pkg, pq


# -- SQLite ---------------------------------------------------------------

def test_sqlite_opens_keys_hold_and_counts_match(exported):
    con = sqlite3.connect(exported / "pkg.db")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for t in TABLES:
        n = con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        assert n == len(json_rows(t)), t
    # Every reference is a foreign key Datasette can follow.
    fks = {(r[2], r[3]) for r in con.execute("PRAGMA foreign_key_list(leases)")}
    assert ("ports", "port") in fks
    fks = {r[2] for r in con.execute("PRAGMA foreign_key_list(citations)")}
    assert set(TABLES) <= fks
    # Full-text search over names, aliases, notes and quotes.
    hits = con.execute(
        "SELECT p.id FROM ports_fts JOIN ports p ON p.rowid = ports_fts.rowid "
        "WHERE ports_fts MATCH 'Chongjin'").fetchall()
    assert ("chongjin-port",) in hits


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_datasette_serves_the_chongjin_lease_with_the_port_label(exported):
    need("datasette")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(exported / "pkg.db"),
         "-m", str(exported / "pkg.metadata.json"), "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}/pkg"
        body = None
        for _ in range(100):  # at most ~30 s for the server to come up
            try:
                with urllib.request.urlopen(
                        f"{base}/leases.json?_labels=on&_shape=objects&port=chongjin-port",
                        timeout=5) as r:
                    body = json.load(r)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"datasette exited: {server.stderr.read().decode()}")
                time.sleep(0.3)
        assert body is not None, "datasette did not answer"
        rows = body["rows"]
        lease = next(r for r in rows if r["id"] == "chongjin-docks-3-4-lease")
        name = next(p["name"] for p in json_rows("ports") if p["id"] == "chongjin-port")
        assert lease["port"] == {"value": "chongjin-port", "label": name}
        # The metadata's description reaches the table page.
        with urllib.request.urlopen(f"{base}/leases.json?_extra=metadata", timeout=5) as r:
            meta = json.load(r)
        assert "metadata" not in meta or "description" in json.dumps(meta)
        # Search works with no setup (the FTS table is found).
        with urllib.request.urlopen(f"{base}/ports.json?_search=Chongjin&_shape=objects",
                                    timeout=5) as r:
            found = [row["id"] for row in json.load(r)["rows"]]
        assert "chongjin-port" in found
    finally:
        server.terminate()
        server.wait(timeout=10)


# -- Parquet ---------------------------------------------------------------

def flat(rows):
    """JSON rows with dates flattened as the Parquet files hold them."""
    out = []
    for r in rows:
        o = {}
        for k, v in r.items():
            if isinstance(v, dict) and "edtf" in v:
                o[k] = v["edtf"]
                o[f"{k}_earliest"] = v["earliest"]
                o[f"{k}_latest"] = v["latest"]
            else:
                o[k] = v
        out.append(o)
    return out


def norm(v):
    if isinstance(v, (datetime.date,)):
        return v.isoformat()
    if isinstance(v, float) and v == int(v):
        return int(v)
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v


def same_rows(got, table):
    want = flat(json_rows(table))
    # A date that is not given is null in JSON and three nulls in Parquet.
    for r in want:
        for k in list(r):
            if r[k] is None and got and f"{k}_earliest" in got[0]:
                r[f"{k}_earliest"] = r[f"{k}_latest"] = None
    got = [{k: norm(v) for k, v in r.items()} for r in got]
    want = [{k: norm(v) for k, v in r.items()} for r in want]
    assert got == want, table


@pytest.mark.parametrize("table", TABLES)
def test_pyarrow_reads_every_file_back(exported, table):
    pq = need("pyarrow.parquet")
    import pyarrow as pa
    t = pq.read_table(exported / "pq" / f"{table}.parquet")
    same_rows(t.to_pylist(), table)
    for f in t.schema:
        if f.name.endswith("_earliest") or f.name.endswith("_latest"):
            assert f.type == pa.date32(), f.name
    if table == "leases":
        assert t.schema.field("term_years").type == pa.int64()
        assert t.schema.field("docks").type == pa.list_(pa.string())
    if table == "places":
        assert t.schema.field("lat").type == pa.float64()


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_reads_every_file_back(exported, table):
    duckdb = need("duckdb")
    con = duckdb.connect()
    rel = con.execute(f"SELECT * FROM read_parquet('{exported / 'pq' / table}.parquet')")
    cols = [d[0] for d in rel.description]
    same_rows([dict(zip(cols, r)) for r in rel.fetchall()], table)
    types = dict(con.execute(
        f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
        f"read_parquet('{exported / 'pq' / table}.parquet'))").fetchall())
    if table == "leases":
        assert types["term_years"] == "BIGINT"
        assert types["docks"] == "VARCHAR[]"
        assert types["signed_earliest"] == "DATE"


@pytest.mark.parametrize("table", TABLES)
def test_polars_reads_every_file_back(exported, table):
    pl = need("polars")
    df = pl.read_parquet(exported / "pq" / f"{table}.parquet")
    same_rows(df.to_dicts(), table)
    if table == "leases":
        assert df.schema["term_years"] == pl.Int64
        assert df.schema["signed_earliest"] == pl.Date
        assert df.schema["docks"] == pl.List(pl.String)


# -- sql-views ------------------------------------------------------------

def duck_views(pq_dir, day="2041-01-01"):
    duckdb = need("duckdb")
    con = duckdb.connect()
    sql = run("sql-views", "--dialect", "duckdb", "--as-of", day)
    cwd = os.getcwd()
    os.chdir(pq_dir)  # the views read <table>.parquet from here
    try:
        con.execute(sql)
        # Views resolve their files when queried: materialise the base tables.
        for t in TABLES:
            con.execute(f"CREATE OR REPLACE TABLE {t}_t AS SELECT * FROM {t}")
    finally:
        os.chdir(cwd)
    return con, sql


def in_dir(d, con, q):
    cwd = os.getcwd()
    os.chdir(d)
    try:
        return con.execute(q).fetchall()
    finally:
        os.chdir(cwd)


def test_duckdb_views_give_routes_by_province_and_its_facet(synth):
    pkg, pq = synth
    con, _ = duck_views(pq)
    facet = json_rows("--data", str(pkg), "facet", "routes", "province")
    want = sorted((r["value"], r["label"], r["count"]) for r in facet)
    got = sorted(in_dir(pq, con, "SELECT value, label, count FROM route_province_counts"))
    assert got == want
    provinces = [r["value"] for r in facet if r["value"]]
    assert len(provinces) >= 3
    for p in provinces:
        want = [r["id"] for r in json_rows("--data", str(pkg), "routes", "--province", p,
                                          "--columns", "id")]
        got = [r[0] for r in in_dir(
            pq, con,
            f"SELECT id FROM routes WHERE id IN "
            f"(SELECT route FROM route_provinces WHERE province = '{p}') ORDER BY id")]
        assert got == sorted(want), p


@pytest.mark.parametrize("day", ["2012-08-31", "2030-01-01", "2041-01-01", "2043-12-31"])
def test_duckdb_views_give_leases_active_on(synth, day):
    pkg, pq = synth
    con, _ = duck_views(pq, day)
    want = sorted((r["id"], r["active_on"]) for r in json_rows(
        "--data", str(pkg), "leases", "--active-on", day, "--columns", "id,active_on"))
    got = sorted(in_dir(pq, con,
                        "SELECT lease, active_on FROM lease_active_on WHERE active_on <> 'no'"))
    assert got == want
    assert got, "the synthetic package has leases active on " + day


def test_duckdb_views_on_the_shipped_package(exported):
    con, _ = duck_views(exported / "pq")
    pq = exported / "pq"
    # Chongjin port lies in North Hamgyong, which lies in North Korea.
    anc = in_dir(pq, con, "SELECT ancestor FROM place_ancestors WHERE place = 'chongjin'")
    assert {("north-hamgyong",), ("north-korea",)} <= set(anc)
    want = sorted(r["id"] for r in json_rows("population", "--conflicts", "--columns", "id"))
    got = sorted(r[0] for r in in_dir(pq, con, "SELECT id FROM population_conflicts"))
    assert got == want


def statements(sql):
    """The statements of `sql-views` output (each ends a line with `;`)."""
    return [s for s in sql.split(";\n") if s.strip() and not all(
        line.startswith("--") or not line.strip() for line in s.splitlines())]


@pytest.fixture(scope="session")
def spark(synth):
    """A PySpark session in local mode, started in the synthetic package's
    Parquet directory (Spark resolves `parquet.`routes.parquet`` against the
    JVM's working directory)."""
    need("pyspark")
    from pyspark.sql import SparkSession
    _, pq = synth
    cwd = os.getcwd()
    os.chdir(pq)
    try:
        session = (SparkSession.builder.master("local[1]").appName("nkport-interop")
                   .config("spark.ui.enabled", "false")
                   .config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.driver.host", "127.0.0.1")
                   .config("spark.sql.shuffle.partitions", "2")
                   .getOrCreate())
    except Exception as e:  # no Java, or it will not start
        if os.environ.get("NKPORT_INTEROP") == "require" or os.environ.get("CI") == "true":
            pytest.fail(f"PySpark will not start: {e}")
        pytest.skip(f"SKIPPED: PySpark will not start here: {e}")
    finally:
        os.chdir(cwd)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def spark_views(spark, day):
    for stmt in statements(run("sql-views", "--dialect", "spark", "--as-of", day)):
        spark.sql(stmt)


def test_spark_views_give_routes_by_province_its_facet_and_active_leases(synth, spark):
    pkg, _ = synth
    spark_views(spark, "2041-01-01")
    facet = json_rows("--data", str(pkg), "facet", "routes", "province")
    want = sorted((r["value"], r["label"], r["count"]) for r in facet)
    got = sorted(tuple(r) for r in spark.sql(
        "SELECT value, label, count FROM route_province_counts").collect())
    assert got == want
    p = next(r["value"] for r in facet if r["value"])
    want = sorted(r["id"] for r in json_rows("--data", str(pkg), "routes", "--province", p,
                                             "--columns", "id"))
    got = sorted(r[0] for r in spark.sql(
        f"SELECT route FROM route_provinces WHERE province = '{p}'").collect())
    assert got == want
    for day in ["2030-01-01", "2041-01-01"]:
        spark_views(spark, day)
        want = sorted((r["id"], r["active_on"]) for r in json_rows(
            "--data", str(pkg), "leases", "--active-on", day, "--columns", "id,active_on"))
        got = sorted(tuple(r) for r in spark.sql(
            "SELECT lease, active_on FROM lease_active_on WHERE active_on <> 'no'").collect())
        assert got == want, day


def chain_places(n, prefix):
    """(id, parent) rows of a chain: prefix0 at the top, prefix{n-1} at the bottom."""
    return [(f"{prefix}{i}", f"{prefix}{i - 1}" if i else None) for i in range(n)]


def values_sql(rows):
    return ", ".join("('%s', %s)" % (i, "'%s'" % p if p else "NULL") for i, p in rows)


CYCLE = [("c0", "c2"), ("c1", "c0"), ("c2", "c1")]


def test_spark_place_ancestors_end_cycles_and_refuse_deeper_chains(synth, spark):
    spark_views(spark, "2041-01-01")
    shallow = chain_places(13, "b") + CYCLE  # b12 has 12 places above it
    spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW places AS "
              f"SELECT * FROM VALUES {values_sql(shallow)} AS t(id, parent)")
    got = {(r[0], r[1], r[2]) for r in spark.sql(
        "SELECT place, ancestor, depth FROM place_ancestors").collect()}
    assert ("b12", "b0", 12) in got
    assert {(a, d) for p, a, d in got if p == "c0"} == {("c0", 0), ("c2", 1), ("c1", 2)}
    deep = chain_places(14, "a")  # a13 has 13 above it: more than Spark's file unrolls
    spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW places AS "
              f"SELECT * FROM VALUES {values_sql(deep)} AS t(id, parent)")
    with pytest.raises(Exception, match="chain of parents above a13 is longer than 12"):
        spark.sql("SELECT * FROM place_ancestors").collect()
    spark_views(spark, "2041-01-01")  # the package's places again


def test_duckdb_place_ancestors_end_cycles_and_follow_any_depth(synth):
    duckdb = need("duckdb")
    con = duckdb.connect()
    sql = run("sql-views", "--dialect", "duckdb")
    rows = chain_places(30, "a") + CYCLE
    con.execute(f"CREATE TABLE places AS SELECT * FROM (VALUES {values_sql(rows)}) t(id, parent)")
    # The printed view, over this table instead of places.parquet.
    view = sql[sql.index("CREATE OR REPLACE VIEW place_ancestors"):]
    con.execute(view[:view.index(";\n") + 1])
    got = set(con.execute("SELECT place, ancestor, depth FROM place_ancestors").fetchall())
    assert ("a29", "a0", 29) in got
    assert {(a, d) for p, a, d in got if p == "c0"} == {("c0", 0), ("c2", 1), ("c1", 2)}
