"""Runs the reference implementation, ecomplexity 0.5.3, on a CSV of year,loc,prod,val and
writes its results and proximities for the Rust comparison test.

usage: python ecomplexity_reference.py INPUT.csv OUTPUT_DIR [discrete|continuous|presence]

`presence` is the Atlas's continuous presence: M = RCA / (1 + RCA) computed here from the
values (Balassa's RCA) and given to the package as a manual presence
(`presence_test="manual"`), with the proximity diagonal set to 1 as Linkages keeps it (the
package's own diagonal is then sum(M^2) / sum(M)). One year only in that mode: the
proximity is passed as one edge list.
"""
import os
import sys
import warnings

import pandas as pd
from ecomplexity import ecomplexity, proximity

inp, out_dir = sys.argv[1], sys.argv[2]
kind = sys.argv[3] if len(sys.argv) > 3 else "discrete"
data = pd.read_csv(inp, dtype={"loc": str, "prod": str})
cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
warnings.simplefilter("ignore")
sys.stdout = open(os.devnull, "w")  # the package prints each year
if kind == "presence":
    assert data["year"].nunique() == 1, "presence mode takes one year"
    loc_total = data.groupby("loc")["val"].transform("sum")
    prod_total = data.groupby("prod")["val"].transform("sum")
    rca = (data["val"] / loc_total) / (prod_total / data["val"].sum())
    data = data.assign(val=rca / (1 + rca))
    prox = proximity(data, cols, presence_test="manual")
    prox.loc[prox["prod_1"] == prox["prod_2"], "proximity"] = 1.0
    edges = prox.rename(columns={"prod_1": "prod1", "prod_2": "prod2"})[["prod1", "prod2", "proximity"]]
    results = ecomplexity(data, cols, presence_test="manual", proximity_edgelist=edges,
                          check_logsupermodularity=False, verbose=False)
else:
    continuous = kind == "continuous"
    results = ecomplexity(data, cols, continuous=continuous, check_logsupermodularity=False, verbose=False)
    prox = proximity(data, cols, continuous=continuous)
sys.stdout = sys.__stdout__
columns = ["year", "loc", "prod", "rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog"]
results[columns].dropna(subset=["eci"]).to_csv(os.path.join(out_dir, "results.csv"), index=False)
prox.to_csv(os.path.join(out_dir, "proximity.csv"), index=False)
