"""The brief's ad-hoc queries embedded and on a Ballista cluster of 1 and 2 executors.

Each brief runs with rollups off (every figure an ad-hoc scan of the rows) and the engine's
query log on, so the time of every query is known. The cluster runs the same figures in the
form a cluster can (codes grouped by their text instead of numbered, see `engine::cluster`):
the ratio is what a user sees. The machine's speed drifts, so the configurations take turns
and the best of the rounds is reported.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from measure import measure  # noqa: E402

binary, store, period = sys.argv[1:4]
rounds = int(os.environ.get("ROUNDS", "3"))
LOG = re.compile(r"query elapsed=(?P<elapsed>\S+) sql=(?P<sql>.*)$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def seconds(duration):
    for unit, factor in (("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9), ("s", 1.0)):
        if duration.endswith(unit):
            return float(duration[: -len(unit)]) * factor
    raise ValueError(duration)


def brief(cluster=None):
    """One brief: (wall s, engine s, queries)."""
    argv = [binary, "--data", store] + (["--cluster", cluster] if cluster else [])
    argv += ["brief", "--period", period, "--format", "json", "--output", os.devnull]
    os.environ.update({"RUST_LOG": "linkages_engine=debug", "LINKAGES_ROLLUPS": "off"})
    wall, _, err = measure(argv, stderr=True)
    queries = [m for m in (LOG.search(ANSI.sub("", line)) for line in err.splitlines()) if m]
    return wall, sum(seconds(m["elapsed"]) for m in queries), len(queries)


def cluster(executors):
    subprocess.run(["scripts/cluster", "stop"], check=True)
    out = subprocess.run(["scripts/cluster", "start", str(executors)], check=True,
                         capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


rows = subprocess.run([binary, "--data", store, "sql", "--format", "csv", "SELECT count(*) AS n FROM trade"],
                      capture_output=True, text=True, check=True).stdout.split()[1]
print(f"store: {store}, {int(rows):,} trade rows, brief for {period}, rollups off")
results = {"embedded": [], "cluster, 1 executor": [], "cluster, 2 executors": []}
for _ in range(rounds):
    results["embedded"].append(brief())
    for n in (1, 2):
        address = cluster(n)
        results[f"cluster, {n} executor{'s' if n > 1 else ''}"].append(brief(address))
subprocess.run(["scripts/cluster", "stop"], check=True)

best = {k: min(v, key=lambda r: r[1]) for k, v in results.items()}
base = best["embedded"]
for name, (wall, engine, n) in best.items():
    print(f"{name:22} {wall:7.2f} s wall, engine {engine:7.2f} s over {n} queries "
          f"({engine / n * 1000:6.1f} ms a query), ratio to embedded {engine / base[1]:5.2f}x")
for name, (_, engine, n) in best.items():
    if name != "embedded":
        print(f"overhead per query, {name}: {(engine - base[1]) / n * 1000:+.1f} ms")
