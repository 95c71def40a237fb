"""The brief with rollups, with ad-hoc scans, and the same aggregations in DuckDB, in one run.

The ad-hoc brief runs with the engine's query log on (RUST_LOG=linkages_engine=debug):
every query it executes is listed with its engine time, and DuckDB runs that list (the
figures' queries and the completeness checks) on the same Parquet files. The engine numbers
codes within a query (`code_key`/`code_of`) to group integers instead of strings; DuckDB
has no such functions, so it gets each query in the plain form (grouped by the code
strings, sums of CASE over the rows), the form it runs fastest (see `for_duckdb`).

This machine's speed drifts by ±20% over minutes, so the engine and DuckDB take turns:
each round runs both briefs and then DuckDB, and the best round of each is reported.
"""
import csv
import io
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from measure import measure  # noqa: E402

import duckdb  # noqa: E402

binary, store, period, out = sys.argv[1:5]
rounds = 5
LOG = re.compile(r"query elapsed=(?P<elapsed>\S+) sql=(?P<sql>.*)$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def seconds(duration):
    """A Rust `Duration` as Debug-printed (`1.2s`, `619.05ms`, `950µs`) in seconds."""
    for unit, factor in (("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9), ("s", 1.0)):
        if duration.endswith(unit):
            return float(duration[: -len(unit)]) * factor
    raise ValueError(duration)


def brief(path, env):
    """One run: (wall s, peak MiB, engine s, executed queries)."""
    os.environ.update(env)
    try:
        wall, mib, err = measure([binary, "--data", store, "brief", "--period", period, "--lang", "zh",
                                  "--format", "json", "--output", path], stderr=True)
    finally:
        for k in env:
            os.environ.pop(k, None)
    queries = [m for m in (LOG.search(ANSI.sub("", line)) for line in err.splitlines()) if m]
    return wall, mib, sum(seconds(m["elapsed"]) for m in queries), [m["sql"] for m in queries]


# The engine's grouped sums: by one integer per (code, month), then the figures from those.
GROUPED = re.compile(
    r"m AS \( SELECT key_month / 1000000 AS key, key_month % 1000000 AS ym, value FROM \( "
    r"SELECT CAST\(code_key\((?P<col>t\.\w+)\) AS BIGINT\) \* 1000000 \+ t\.year \* 100 \+ t\.month AS key_month, "
    r"sum\((?P<value>.*?)\) AS value (?P<rows>FROM .*?) GROUP BY 1 \) \), "
    r"s AS \( SELECT m\.key, (?P<sums>.*?) FROM m GROUP BY 1 \)")
# The engine's completeness check: distinct (city number, month) integers.
CITIES = re.compile(
    r"SELECT city_month % 1000000 / 100 AS year, city_month % 100 AS month, count\(\*\) AS cities FROM \( "
    r"SELECT DISTINCT CAST\(code_key\((?P<col>\w+)\) AS BIGINT\) \* 1000000 \+ year \* 100 \+ month AS city_month "
    r"(?P<rows>FROM .*?) \) GROUP BY 1, 2")


def months_in(m):
    yms = [int(x) for x in m[1].split(", ")]
    assert len({ym // 100 for ym in yms}) == 1, m[0]
    return f"t.year = {yms[0] // 100} AND t.month IN ({', '.join(str(ym % 100) for ym in yms)})"


def through(m):
    first, last = int(m[1]), int(m[2])
    assert first // 100 == last // 100 and first % 100 == 1, m[0]
    return f"t.year = {last // 100} AND t.month <= {last % 100}"


def for_duckdb(sql):
    """The same aggregation in plain SQL: the sums of CASE over the rows grouped by the code
    strings (faster in DuckDB than grouping by code and month first, measured), the
    completeness check as count(DISTINCT city)."""
    def sums(m):
        s = re.sub(r"m\.ym IN \(([\d, ]+)\)", months_in, m["sums"])
        s = re.sub(r"m\.ym BETWEEN (\d+) AND (\d+)", through, s).replace("m.value", m["value"])
        return f"s AS ( SELECT {m['col']} AS key, {s} {m['rows']} GROUP BY 1 )"
    sql = GROUPED.sub(sums, sql)
    sql = CITIES.sub(lambda m: f"SELECT year, month, count(DISTINCT {m['col']}) AS cities {m['rows']} "
                               "GROUP BY year, month", sql)
    sql = sql.replace("code_of(s.key)", "s.key")
    # DuckDB's `/` on integers gives a float; `//` is DataFusion's integer `/`.
    sql = sql.replace("CAST(ym / 100 AS VARCHAR)", "CAST(ym // 100 AS VARCHAR)")
    if "code_key" in sql or "code_of" in sql:
        sys.exit(f"no plain form for this query (bench/brief/compare.py is behind the engine): {sql}")
    return sql


log = {"RUST_LOG": "linkages_engine=debug"}
rows = subprocess.run([binary, "--data", store, "sql", "--format", "csv", "SELECT count(*) AS n FROM trade"],
                      capture_output=True, text=True, check=True).stdout.split()[1]
print(f"store: {store}, {int(rows):,} trade rows, brief for {period}")

adhoc_env = {**log, "LINKAGES_ROLLUPS": "off"}
# Memory is measured before DuckDB is loaded: a child forked from a large process counts the
# parent's pages in its peak.
memory = {"rollups": brief(f"{out}/brief-rollups.json", log)[1]}
_, memory["adhoc"], _, queries = brief(f"{out}/brief-rows.json", adhoc_env)

# DuckDB: the same queries on the same Parquet files, with the same reference tables.
con = duckdb.connect()
con.execute("SET threads TO 2")
for name in sorted({t for q in queries for t in re.findall(r"\b([a-z]+_v\d+)\b", q)}):
    dataset, version = name.rsplit("_v", 1)
    files = f"{store}/datasets/{dataset}/v{int(version):06d}/*.parquet"
    con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{files}')")


def export(sql, table):
    text = subprocess.run([binary, "--data", store, "sql", "--format", "csv", sql],
                          capture_output=True, text=True, check=True).stdout
    path = f"{out}/{table}.csv"
    open(path, "w").write(text)
    con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', all_varchar=true)")


export("SELECT * FROM ref_partner_groups", "ref_partner_groups")
export("SELECT * FROM ref_product_groups", "ref_product_groups")
export("SELECT DISTINCT p.product, g.code FROM (SELECT DISTINCT product6 AS product FROM trade_by_product) p "
       "CROSS JOIN ref_product_groups g WHERE in_product_group(p.product, g.code)", "product_group_members")
con.execute("CREATE TABLE pgm AS SELECT * FROM product_group_members")
# Group membership is decided on six digits (rollup keys), as in linkages.
con.execute("CREATE MACRO in_product_group(p, g) AS "
            "EXISTS (SELECT 1 FROM pgm WHERE pgm.product = substr(p, 1, 6) AND pgm.code = g)")

plain = [for_duckdb(q) for q in queries]


def rows_of(values):
    """Rows as comparable tuples: numbers as floats, NULL and empty text as None."""
    def cell(v):
        if v is None or v == "":
            return None
        try:
            return float(v)
        except (TypeError, ValueError):
            return str(v)
    return sorted((tuple(cell(v) for v in row) for row in values), key=repr)


def same(a, b):
    return a == b or (isinstance(a, float) and isinstance(b, float) and abs(a - b) <= 1e-9 * max(1.0, abs(a)))


# Both engines must give the same answers, or the timings compare different work.
for q, p in zip(queries, plain):
    ours = subprocess.run([binary, "--data", store, "sql", "--format", "csv", q], capture_output=True, text=True,
                          check=True, env={**os.environ, "LINKAGES_ROLLUPS": "off"}).stdout
    ours = rows_of(list(csv.reader(io.StringIO(ours)))[1:])
    theirs = rows_of(con.execute(p).fetchall())
    agree = len(ours) == len(theirs) and all(
        len(r) == len(s) and all(same(x, y) for x, y in zip(r, s)) for r, s in zip(ours, theirs))
    if not agree:
        sys.exit(f"DuckDB and the engine disagree on {q}:\n{ours[:3]}\n{theirs[:3]}")

results = {"rollups": [], "adhoc": [], "duckdb": []}
for _ in range(rounds):
    results["rollups"].append(brief(f"{out}/brief-rollups.json", log))
    adhoc = brief(f"{out}/brief-rows.json", adhoc_env)
    if adhoc[3] != queries:
        sys.exit("the ad-hoc brief ran different queries in two runs")
    results["adhoc"].append(adhoc)
    start = time.perf_counter()
    for q in plain:
        con.execute(q).fetchall()
    results["duckdb"].append(time.perf_counter() - start)

with_rollups = min(results["rollups"], key=lambda r: r[2])
adhoc = min(results["adhoc"], key=lambda r: r[2])
duck = min(results["duckdb"])
print(f"linkages brief, rollups:      {with_rollups[0]:6.2f} s wall {memory['rollups']:5.0f} MiB, "
      f"engine {with_rollups[2]:5.2f} s ({sum('_by_' in q for q in with_rollups[3])} of {len(with_rollups[3])} "
      f"queries on rollups)")
print(f"linkages brief, ad-hoc scans: {adhoc[0]:6.2f} s wall {memory['adhoc']:5.0f} MiB, "
      f"engine {adhoc[2]:5.2f} s ({len(queries)} queries, each answer computed once per session)")
print(f"duckdb {duckdb.__version__}, same {len(queries)} aggregations: {duck:5.2f} s (in-process)")
print(f"best of {rounds} rounds, engine and DuckDB taking turns; engine time by round: "
      + " ".join(f"{r[2]:.2f}" for r in results["adhoc"]) + "; DuckDB: "
      + " ".join(f"{d:.2f}" for d in results["duckdb"]))
print(f"ratio ad-hoc engine time / duckdb:  {adhoc[2] / duck:5.2f}x")
print(f"ratio ad-hoc whole brief / duckdb:  {adhoc[0] / duck:5.2f}x (process, session, text and charts included)")
print(f"ratio brief with rollups / duckdb:  {with_rollups[0] / duck:5.2f}x")
