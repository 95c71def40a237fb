"""The brief with rollups, with ad-hoc scans, and its queries in DuckDB, in one run."""
import json
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


def best(argv, env=None):
    """Best of `runs` (wall s, peak MiB) of a command."""
    results = []
    for _ in range(runs):
        if env:
            os.environ.update(env)
        try:
            results.append(measure(argv))
        finally:
            for k in env or {}:
                os.environ.pop(k, None)
    return min(results)


def brief(path, env=None):
    return best([binary, "--data", store, "brief", "--period", period, "--lang", "zh",
                 "--format", "json", "--output", path], env)


rows = subprocess.run([binary, "--data", store, "sql", "--format", "csv", "SELECT count(*) AS n FROM trade"],
                      capture_output=True, text=True, check=True).stdout.split()[1]
print(f"store: {store}, {int(rows):,} trade rows, brief for {period}")

with_rollups = brief(f"{out}/brief-rollups.json")
adhoc = brief(f"{out}/brief-rows.json", {"LINKAGES_ROLLUPS": "off"})
queries = json.load(open(f"{out}/brief-rows.json"))["queries"]
rollup_queries = json.load(open(f"{out}/brief-rollups.json"))["queries"]
print(f"linkages brief, rollups:      {with_rollups[0]:7.2f} s  {with_rollups[1]:7.0f} MiB  "
      f"({sum('_by_' in q['sql'] for q in rollup_queries)} of {len(rollup_queries)} queries on rollups)")
print(f"linkages brief, ad-hoc scans: {adhoc[0]:7.2f} s  {adhoc[1]:7.0f} MiB  ({len(queries)} queries)")

# DuckDB: the same queries on the same Parquet files, with the same reference tables.
con = duckdb.connect()
con.execute("SET threads TO 2")
for name in sorted({t for q in queries for t in re.findall(r"\b([a-z]+_v\d+)\b", q["sql"])}):
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
        con.execute(q["sql"]).fetchall()
    timings.append(time.perf_counter() - start)
duck = min(timings)
print(f"duckdb {duckdb.__version__}, same queries: {duck:7.2f} s  (in-process, best of {runs})")
print(f"ratio brief with rollups / duckdb:  {with_rollups[0] / duck:5.2f}x time")
print(f"ratio ad-hoc scans / duckdb:        {adhoc[0] / duck:5.2f}x time")
