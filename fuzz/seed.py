#!/usr/bin/env python3
"""Rebuilds fuzz/seeds/<target>/ from the repository's own data:

- csv_table:    tests/broken/*/*.csv, data/*.csv
- json_table:   tests/broken/*/*.json, and every CSV seed table as a JSON array
- fuzzy_date:   every date cell of data/ and tests/broken/, and EDTF examples
- name_matcher: every id, name, alias and ISO code of data/, and odd spellings
- check_package: every case of tests/broken/ as `@@ NAME` files over the
                fixture: its files, its `remove` list as `@@ -NAME`, the tables
                its `set`, `add-row`, `delete-row` and `replace` patches change
                (other patches and generated content left out)
- table_render: hostile cells (terminal escapes, bidi, wide and zero-width
                characters, long words, numbers at the limits, lists, dates)

Run from anywhere: python3 fuzz/seed.py (files over 64 KiB are skipped;
about 150 names are kept).
"""
import csv, hashlib, io, json, pathlib, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
LIMIT = 64 * 1024
DATE_COLUMNS = {"published", "signed", "start", "end", "period", "as_of", "date"}
NAME_COLUMNS = {"id", "name", "name_ko", "aliases", "iso_code", "unlocode", "title", "label"}


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > LIMIT:
        return
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


csv_files = sorted(
    list((ROOT / "tests/broken").glob("*/*.csv"))
    + list((ROOT / "data").glob("*.csv"))
)
dates = {"2010", "2010-03", "2010-03-05", "199X", "19XX", "2010~", "2010?", "2010%",
         "1990~/1993~", "2010-03/..", "../2010", "/2010", "2010/", "2010-21", "2010-24",
         "2012-02-29", "0000", "9999-12-31", "-0001", "2010-03-05T10:00"}
names = {"P'yŏngan-bukto", "pyongan bukto", "PYONGAN-BUKTO", "Ch’ŏngjin", "KP-03",
         "청진", "places:", "ports:x", ":", "", " ", "Ǆ", "ﬃ", "İ"}
for f in csv_files:
    raw = f.read_bytes()
    put("csv_table", raw)
    try:
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    except Exception:
        continue
    if all(isinstance(r, dict) and None not in r for r in rows):
        put("json_table", json.dumps(rows[:200], ensure_ascii=False, indent=1))
    for r in rows[:500]:
        for k, v in r.items():
            if not isinstance(v, str) or not v:
                continue
            if k in DATE_COLUMNS:
                dates.add(v)
            if k in NAME_COLUMNS and "data" in f.parts:
                names.update(x.strip() for x in v.split(";"))
for f in sorted((ROOT / "tests/broken").glob("*/*.json")):
    put("json_table", f.read_bytes())
for d in sorted(dates):
    put("fuzzy_date", d)
names = sorted(names)
for n in names[:: max(1, len(names) // 150)]:
    put("name_matcher", n)
# The fixture as CSV, from tests/fixtures/valid/*.json, with the columns of
# the shipped tables (the library's writer does the same in the tests).
fixture = {}
for f in sorted((ROOT / "tests/fixtures/valid").glob("*.json")):
    header = next(csv.reader(open(ROOT / "data" / (f.stem + ".csv"), encoding="utf-8")))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for row in json.load(open(f, encoding="utf-8")):
        w.writerow([";".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))
                    for v in (row.get(h) for h in header)])
    fixture[f.stem] = out.getvalue()


def patched(table, op, args):
    """The fixture table with one `patch:` line of a broken case applied
    (set, add-row, delete-row, replace; others leave it as it is)."""
    rows = list(csv.reader(io.StringIO(fixture[table])))
    if op == "replace":
        old, _, new = args.partition(" => ")
        return fixture[table].replace(old, new, 1)
    if op == "set":
        rid, col, value = (args.split(" ", 2) + [""])[:3]
        for r in rows[1:]:
            if r and r[0] == rid and col in rows[0]:
                r[rows[0].index(col)] = value
    elif op == "add-row":
        cells = json.loads(args)
        rows.append([str(cells.get(h, "")) for h in rows[0]])
    elif op == "delete-row":
        rows = [r for r in rows if not (r and r[0] == args.strip())]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


for case in sorted((ROOT / "tests/broken").iterdir()):
    if not case.is_dir():
        continue
    parts = []
    for f in sorted(case.iterdir()):
        if f.name == "expect":
            for line in f.read_text().splitlines():
                if line.startswith("patch:"):
                    op, table, args = (line[6:].strip().split(" ", 2) + ["", ""])[:3]
                    if table in fixture:
                        parts.append(b"@@ " + table.encode() + b".csv\n"
                                     + patched(table, op, args).encode())
        elif f.name == "remove":
            parts += [b"@@ -" + n.strip().encode() + b"\n" for n in f.read_text().splitlines() if n.strip()]
        else:
            parts.append(b"@@ " + f.name.encode() + b"\n" + f.read_bytes())
    put("check_package", b"".join(parts))
# A cycle, a dangling reference and a hostile name together.
places = fixture["places"].replace(",testland,XA,", ",westfield,XA,", 1)
put("check_package", "@@ places.csv\n" + places.replace("Coastal Province", "Coastal\x1b]0;x\x07 Province"))
hostile = "Evil\x1b]0;pwned\x07\x1b]8;;http://x\x07link\x1b]8;;\x07\x1b[2J\x9b1m\u202egnp.exe\u200b"
wide = "청진항 " * 20 + "\u0301\u200d" + "ｗｉｄｅ" * 10
cells = [
    ["id", "name", "notes", "value", "period", hostile],
    ["a-very-long-identifier-" * 4, hostile, "word " * 60, "\x011e308", "\x031990~/2010?", "x"],
    ["x", wide, "\x02" + ";".join(["item"] * 30), "\x01-0", "\x03../2010", ""],
    ["", "", "", "\x01" + "\xff" * 0, "\x03199X", "\t\r\n"],
]
for width in (0, 40, 79, 200, 960):
    for flags in (0, 1, 2, 3, 5):
        body = "\xfe".join("\xff".join(r) for r in cells)
        data = width.to_bytes(2, "little") + bytes([flags, 2]) + body.encode("utf-8", "surrogatepass")
        put("table_render", data.replace(b"\xc3\xbe", b"\xfe").replace(b"\xc3\xbf", b"\xff"))
for t in sorted(SEEDS.iterdir()):
    print(t.name, len(list(t.iterdir())), file=sys.stderr)
