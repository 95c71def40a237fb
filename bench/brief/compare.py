"""The brief with rollups, with ad-hoc scans, and the same queries in DuckDB, in one run.

The ad-hoc brief runs with the engine's query log on (RUST_LOG=linkages_engine=debug):
every query it executes is listed with its engine time, and DuckDB runs exactly that list
(the figures' queries and the completeness checks) on the same Parquet files.
"""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from measure import measure  # noqa: E402

import duckdb  # noqa: E402

binary, store, period, out = sys.argv[1:5]
runs = 3
LOG = re.compile(r"query elapsed=(?P<elapsed>\S+) sql=(?P<sql>.*)$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def seconds(duration):
    """A Rust `Duration` as Debug-printed (`1.2s`, `619.05ms`, `950µs`) in seconds."""
    for unit, factor in (("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9), ("s", 1.0)):
        if duration.endswith(unit):
            return float(duration[: -len(unit)]) * factor
    raise ValueError(duration)


def brief(path, env):
    """Best of `runs`: (wall s, peak MiB, engine s, executed queries)."""
    results = []
    for _ in range(runs):
        os.environ.update(env)
        try:
            wall, mib, err = measure([binary, "--data", store, "brief", "--period", period, "--lang", "zh",
                                      "--format", "json", "--output", path], stderr=True)
        finally:
            for k in env:
                os.environ.pop(k, None)
        queries = [m for m in (LOG.search(ANSI.sub("", line)) for line in err.splitlines()) if m]
        engine = sum(seconds(m["elapsed"]) for m in queries)
        results.append((wall, mib, engine, [m["sql"] for m in queries]))
    return min(results)


log = {"RUST_LOG": "linkages_engine=debug"}
rows = subprocess.run([binary, "--data", store, "sql", "--format", "csv", "SELECT count(*) AS n FROM trade"],
                      capture_output=True, text=True, check=True).stdout.split()[1]
print(f"store: {store}, {int(rows):,} trade rows, brief for {period}")

with_rollups = brief(f"{out}/brief-rollups.json", log)
adhoc = brief(f"{out}/brief-rows.json", {**log, "LINKAGES_ROLLUPS": "off"})
queries = adhoc[3]
print(f"linkages brief, rollups:      {with_rollups[0]:6.2f} s wall {with_rollups[1]:5.0f} MiB, "
      f"engine {with_rollups[2]:5.2f} s ({sum('_by_' in q for q in with_rollups[3])} of {len(with_rollups[3])} "
      f"queries on rollups)")
print(f"linkages brief, ad-hoc scans: {adhoc[0]:6.2f} s wall {adhoc[1]:5.0f} MiB, "
      f"engine {adhoc[2]:5.2f} s ({len(queries)} queries, each answer computed once per session)")

# DuckDB: the same queries on the same Parquet files, with the same reference tables.
con = duckdb.connect()
con.execute("SET threads TO 2")
for name in sorted({t for q in queries for t in re.findall(r"\b([a-z]+_v\d+)\b", q)}):
    dataset, version = name.rsplit("_v", 1)
    files = f"{store}/datasets/{dataset}/v{int(version):06d}/*.parquet"
    con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{files}')")


def export(sql, table):
    csv = subprocess.run([binary, "--data", store, "sql", "--format", "csv", sql],
                         capture_output=True, text=True, check=True).stdout
    path = f"{out}/{table}.csv"
    open(path, "w").write(csv)
    con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', all_varchar=true)")


export("SELECT * FROM ref_partner_groups", "ref_partner_groups")
export("SELECT * FROM ref_product_groups", "ref_product_groups")
export("SELECT DISTINCT p.product, g.code FROM (SELECT DISTINCT product6 AS product FROM trade_by_product) p "
       "CROSS JOIN ref_product_groups g WHERE in_product_group(p.product, g.code)", "product_group_members")
con.execute("CREATE TABLE pgm AS SELECT * FROM product_group_members")
# Group membership is decided on six digits (rollup keys), as in linkages.
con.execute("CREATE MACRO in_product_group(p, g) AS "
            "EXISTS (SELECT 1 FROM pgm WHERE pgm.product = substr(p, 1, 6) AND pgm.code = g)")

timings = []
for _ in range(runs):
    start = time.perf_counter()
    for q in queries:
        con.execute(q).fetchall()
    timings.append(time.perf_counter() - start)
duck = min(timings)
print(f"duckdb {duckdb.__version__}, same {len(queries)} queries: {duck:5.2f} s (in-process, best of {runs})")
print(f"ratio ad-hoc engine time / duckdb:  {adhoc[2] / duck:5.2f}x")
print(f"ratio ad-hoc whole brief / duckdb:  {adhoc[0] / duck:5.2f}x (process, session, text and charts included)")
print(f"ratio brief with rollups / duckdb:  {with_rollups[0] / duck:5.2f}x")
