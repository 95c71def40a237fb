"""An independent implementation, in pandas, of the concentration figures and the constant
market share decomposition of `linkages-markets`, read from CEPII BACI's own files.

    reference.py DATA.csv COUNTRIES.csv EXPORTER YEAR0 YEAR1  →  JSON on stdout

Written from the papers (Hirschman's index on shares; Leamer & Stern 1970, two-level CMS
with first-year weights; Tyszynski 1951 for one level), not from the Rust code: the
growth rates are computed on whole pandas frames, and a rate undefined for a zero
first-year world value falls back one level up, as the crate documents.
"""

import json
import sys

import pandas as pd


def load(data, countries):
    c = pd.read_csv(countries, dtype={"country_code": int})
    iso = "country_iso3" if "country_iso3" in c else "iso_3digit_alpha"
    codes = dict(zip(c["country_code"], c[iso].str.strip().str.upper()))
    d = pd.read_csv(data, dtype={"k": str}, na_values=["NA"], skipinitialspace=True)
    d["exporter"] = d["i"].map(codes)
    d["importer"] = d["j"].map(codes)
    d["product"] = d["k"].str.strip().str.zfill(6)
    d["value"] = d["v"] * 1000.0
    return d[["t", "exporter", "importer", "product", "value"]]


def concentration(values):
    values = values[values > 0]
    total = values.sum()
    shares = values / total
    return {
        "members": int((values > 0).sum()),
        "hhi": float((shares**2).sum()),
        "top5": float(shares.sort_values(ascending=False).head(5).sum()),
    }


def cms(d, exporter, y0, y1):
    world = d.groupby(["t", "product", "importer"])["value"].sum()
    w0, w1 = world.loc[y0], world.loc[y1]
    r = w1.sum() / w0.sum() - 1
    p0 = w0.groupby(level="product").sum()
    p1 = w1.groupby(level="product").sum().reindex(p0.index, fill_value=0)
    ri = p1 / p0 - 1
    cell = pd.concat([w0.rename("w0"), w1.rename("w1")], axis=1).fillna(0)
    rij = cell["w1"] / cell["w0"] - 1
    mine = d[d["exporter"] == exporter].groupby(["t", "product", "importer"])["value"].sum()
    x0, x1 = mine.loc[y0], mine.loc[y1] if y1 in mine.index.get_level_values(0) else mine.iloc[0:0]
    xi = x0.groupby(level="product").sum()
    ri_x = ri.reindex(xi.index).fillna(r)
    composition = ((ri_x - r) * xi).sum()
    ri_cell = ri_x.reindex(x0.index.get_level_values("product")).to_numpy()
    rij_x = rij.reindex(x0.index).to_numpy()
    rij_x = pd.Series(rij_x).where(pd.Series(rij_x).notna(), pd.Series(ri_cell)).to_numpy()
    distribution = ((rij_x - ri_cell) * x0.to_numpy()).sum()
    change = x1.sum() - x0.sum()
    demand = r * x0.sum()
    return {
        "change": float(change),
        "world_demand": float(demand),
        "commodity_composition": float(composition),
        "market_distribution": float(distribution),
        "competitiveness": float(change - demand - composition - distribution),
        "one_level_competitiveness": float(change - demand - composition),
    }


def main():
    data, countries, exporter, y0, y1 = sys.argv[1:6]
    y0, y1 = int(y0), int(y1)
    d = load(data, countries)
    out = {"cms": cms(d, exporter, y0, y1), "years": {}}
    for y in (y0, y1):
        mine = d[(d["exporter"] == exporter) & (d["t"] == y)]
        out["years"][str(y)] = {
            "by_partner": concentration(mine.groupby("importer")["value"].sum()),
            "by_product": concentration(mine.groupby("product")["value"].sum()),
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
