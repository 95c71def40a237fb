"""Export potential of a region against a synthetic world of 200 countries × 200 markets ×
5,000 products (about 10⁸ flows): `linkages-markets` (examples/potential_bench.rs, release)
against pandas doing the same computation, in the same run. Both generate the same world
from splitmix64 (numpy here), time the computation apart from the generation, and report
peak memory; the potentials must agree to 1e-9.

    compare.py PATH-TO-potential_bench
"""

import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

COUNTRIES, PRODUCTS = 200, int(os.environ.get("PRODUCTS", "5000"))


def splitmix(x):
    z = x + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def value(h):
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53) * 1000.0 + 1.0


def world():
    parts = []
    k = np.arange(PRODUCTS, dtype=np.uint64)
    for i in range(COUNTRIES):
        j = np.array([j for j in range(COUNTRIES) if j != i], dtype=np.uint64)
        idx = ((np.uint64(i) * np.uint64(COUNTRIES) + j[:, None]) * np.uint64(PRODUCTS) + k[None, :]).ravel()
        h = splitmix(idx)
        keep = (h & np.uint64(1)) == 0
        jj = np.repeat(j, PRODUCTS)[keep].astype(np.int32)
        kk = np.tile(k, len(j))[keep].astype(np.int32)
        parts.append(pd.DataFrame({"i": np.int32(i), "j": jj, "k": kk, "v": value(h[keep])}))
    return pd.concat(parts, ignore_index=True)


def region():
    j = np.repeat(np.arange(COUNTRIES, dtype=np.uint64), PRODUCTS)
    k = np.tile(np.arange(PRODUCTS, dtype=np.uint64), COUNTRIES)
    h = splitmix((j * np.uint64(PRODUCTS) + k) ^ np.uint64(0x5EED00000000))
    keep = (h % np.uint64(10)) < 3
    return pd.DataFrame({"j": j[keep].astype(np.int32), "k": k[keep].astype(np.int32), "x": value(h[keep]) / 10.0})


def potential(w, r):
    supply = w.groupby("k")["v"].sum()
    imports = w.groupby(["k", "j"], as_index=False)["v"].sum().rename(columns={"v": "m"})
    share = (r.groupby("k")["x"].sum() / supply.reindex(r["k"].unique())).clip(upper=1.0).rename("s")
    cells = imports.merge(share, left_on="k", right_index=True)
    expected = (cells["s"] * cells["m"]).groupby(cells["j"]).sum()
    actual_j = r.groupby("j")["x"].sum()
    ease = (actual_j.reindex(expected.index).fillna(0.0) / expected).rename("ease")
    cells = cells.merge(ease, left_on="j", right_index=True)
    cells["potential"] = cells["s"] * (cells["m"] * 1.03**2.0) * cells["ease"]
    cells = cells.merge(r, on=["k", "j"], how="left").fillna({"x": 0.0})
    cells["unrealized"] = cells["potential"] - cells["x"]
    cells = cells.sort_values(["unrealized", "k", "j"], ascending=[False, True, True])
    by_product = cells.groupby("k")[["potential", "x"]].sum()
    top_product = int((by_product["potential"] - by_product["x"]).idxmax())
    return cells, top_product


def pandas_run():
    t = time.perf_counter()
    w, r = world(), region()
    generated = time.perf_counter() - t
    t = time.perf_counter()
    cells, top_product = potential(w, r)
    computed = time.perf_counter() - t
    return {
        "flows": len(w),
        "cells": len(cells),
        "generate_s": generated,
        "compute_s": computed,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "potential": float(cells["potential"].sum()),
        "top": cells[["k", "j", "unrealized"]].head(5).values.tolist(),
        "top_product": top_product,
    }


def main():
    ours = json.loads(subprocess.run([sys.argv[1]], check=True, capture_output=True, text=True).stdout)
    theirs = pandas_run()
    assert ours["flows"] == theirs["flows"] and ours["cells"] == theirs["cells"], (ours, theirs)
    assert abs(ours["potential"] - theirs["potential"]) <= 1e-9 * theirs["potential"], "potential differs"
    for a, b in zip(ours["top"], theirs["top"]):
        assert (a[0], a[1]) == (int(b[0]), int(b[1])) and abs(a[2] - b[2]) <= 1e-6 * abs(b[2]), (a, b)
    assert ours["top_product"] == theirs["top_product"]
    print(f"flows {ours['flows']:,}, potential cells {ours['cells']:,}; answers equal (1e-9)")
    print("| | Linkages | pandas | ratio |")
    print("| --- | --- | --- | --- |")
    for key, label in (("compute_s", "potential, s"), ("generate_s", "generating the world, s"), ("peak_mib", "peak memory, MiB")):
        print(f"| {label} | {ours[key]:,.2f} | {theirs[key]:,.2f} | {ours[key] / theirs[key]:.2f}x |")


if __name__ == "__main__":
    main()
