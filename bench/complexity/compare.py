"""Generates seeded panels and times both implementations as child processes."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from measure import measure  # noqa: E402

import numpy as np

binary, out = sys.argv[1], sys.argv[2]
sizes = [int(s) for s in sys.argv[3:]]
os.makedirs(out, exist_ok=True)

REFERENCE = """
import sys, warnings
import pandas as pd
from ecomplexity import ecomplexity
warnings.simplefilter("ignore")
data = pd.read_csv(sys.argv[1], dtype={"loc": str, "prod": str})
cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
result = ecomplexity(data, cols, check_logsupermodularity=False, verbose=False)
result.to_csv(sys.argv[2], index=False)
"""


def panel(path, locations, products, seed=42):
    """A nested panel: capability vs difficulty with noise, lognormal values."""
    rng = np.random.default_rng(seed)
    capability = rng.random(locations)
    difficulty = rng.random(products)
    present = capability[:, None] + 0.3 * rng.random((locations, products)) > 0.9 * difficulty[None, :]
    values = np.round(np.exp(1 + 4 * rng.random((locations, products))) * 1000) * present
    c, p = np.nonzero(values)
    with open(path, "w") as f:
        f.write("year,loc,prod,val\n")
        for i, j in zip(c, p):
            f.write(f"2020,L{i:03d},P{j:05d},{values[i, j]:.0f}\n")
    return len(c)


print(f"{'panel':>14} {'cells':>9} | {'linkages s':>10} {'MiB':>7} | {'ecomplexity s':>13} {'MiB':>7} | {'speed-up':>8} {'memory':>7}")
for products in sizes:
    path = os.path.join(out, f"panel-200x{products}.csv")
    cells = panel(path, 200, products)
    ours = measure([binary, "complexity", path, "--location", "loc", "--product", "prod", "--value", "val",
                    "--year", "year", "--output", os.path.join(out, "ours.csv")])
    ref = measure([sys.executable, "-c", REFERENCE, path, os.path.join(out, "reference.csv")])
    print(f"{'200 x ' + str(products):>14} {cells:>9,} | {ours[0]:10.2f} {ours[1]:7.0f} | {ref[0]:13.2f} {ref[1]:7.0f} |"
          f" {ref[0] / ours[0]:7.1f}x {ours[1] / ref[1]:6.2f}x")
