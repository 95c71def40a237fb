"""Runs both importers as child processes on the same CSV and prints the comparison."""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from measure import measure  # noqa: E402

binary, csv_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
rows = sum(1 for _ in open(csv_path, "rb")) - 1
size_mb = os.path.getsize(csv_path) / 1e6


store = os.path.join(out, "store")
shutil.rmtree(store, ignore_errors=True)
ours = measure([binary, "--data", store, "ingest", "--dataset", "trade", csv_path])
shutil.rmtree(store, ignore_errors=True)
# The row-by-row reader on one thread, for the chunked reader's speed-up (skipped above
# 30 million rows: it takes minutes).
rows_estimate = os.path.getsize(csv_path) / 84
single = None
if rows_estimate < 30e6:
    single = measure([binary, "--data", store, "ingest", "--threads", "0", "--dataset", "trade", csv_path])
    shutil.rmtree(store, ignore_errors=True)

duck_db = os.path.join(out, "duck.db")
if os.path.exists(duck_db):
    os.remove(duck_db)
duck_sql = f"CREATE TABLE trade AS SELECT * FROM read_csv('{csv_path}')"
duck = measure([sys.executable, "-c", f"import duckdb; duckdb.connect('{duck_db}').execute(\"{duck_sql}\")"])

parquet = os.path.join(out, "duck.parquet")
duck_pq_sql = f"COPY (SELECT * FROM read_csv('{csv_path}')) TO '{parquet}' (FORMAT parquet)"
duck_pq = measure([sys.executable, "-c", f"import duckdb; duckdb.connect().execute(\"{duck_pq_sql}\")"])

print(f"input: {csv_path}: {rows:,} rows, {size_mb:,.0f} MB, {os.cpu_count()} cores")
print(f"{'importer':48} {'wall s':>8} {'rows/s':>12} {'peak MiB':>9}")
results = [
    ("linkages ingest (validate, quarantine, Parquet)", ours),
    ("linkages ingest --threads 0 (row by row)", single),
    ("duckdb CSV -> native table", duck),
    ("duckdb CSV -> Parquet", duck_pq),
]
for name, result in results:
    if result is None:
        continue
    wall, mem = result
    print(f"{name:48} {wall:8.2f} {rows / wall:12,.0f} {mem:9,.0f}")
if single is not None:
    print(f"speed-up of the chunked reader over row by row: {single[0] / ours[0]:.2f}x")
print(f"ratio linkages/duckdb (native table): time {ours[0] / duck[0]:.2f}x, memory {ours[1] / duck[1]:.2f}x")
print(f"ratio linkages/duckdb (Parquet):      time {ours[0] / duck_pq[0]:.2f}x, memory {ours[1] / duck_pq[1]:.2f}x")
