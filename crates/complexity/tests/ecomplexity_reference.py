"""Runs the reference implementation, ecomplexity 0.5.3, on a CSV of year,loc,prod,val and
writes its results and proximities for the Rust comparison test.

usage: python ecomplexity_reference.py INPUT.csv OUTPUT_DIR [discrete|continuous]
"""
import os
import sys
import warnings

import pandas as pd
from ecomplexity import ecomplexity, proximity

inp, out_dir = sys.argv[1], sys.argv[2]
continuous = len(sys.argv) > 3 and sys.argv[3] == "continuous"
data = pd.read_csv(inp, dtype={"loc": str, "prod": str})
cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
warnings.simplefilter("ignore")
sys.stdout = open(os.devnull, "w")  # the package prints each year
results = ecomplexity(data, cols, continuous=continuous, check_logsupermodularity=False, verbose=False)
prox = proximity(data, cols, continuous=continuous)
sys.stdout = sys.__stdout__
columns = ["year", "loc", "prod", "rca", "mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog"]
results[columns].dropna(subset=["eci"]).to_csv(os.path.join(out_dir, "results.csv"), index=False)
prox.to_csv(os.path.join(out_dir, "proximity.csv"), index=False)
