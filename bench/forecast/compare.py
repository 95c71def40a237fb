"""`linkages project` against statsmodels (STLForecast + ETSModel, additive damped trend,
on logs) on the same monthly series and the same rolling origins: the mean absolute
percentage error and the 80%/95% interval coverage by horizon, and the time of each side's
whole backtest, as ratios. statsmodels has no Spring Festival regressor: the difference the
holiday makes is part of what is measured."""
import json
import os
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.stl import STLForecast

BINARY, STORE, PROFILE = sys.argv[1], sys.argv[2], sys.argv[3]
SERIES = [
    ("trade", []),
    ("trade", ["flow=export"]),
    ("fdi_actual", []),
    ("outsourcing_executed", []),
    ("odi", []),
]
HORIZONS = [1, 3, 6, 12]


def linkages(command, indicator, filters):
    argv = [BINARY, command, "--indicator", indicator, "--format", "json"]
    for f in filters:
        argv += ["--filter", f]
    start = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, env={**os.environ, "LINKAGES_DATA": STORE})
    return json.loads(out.stdout), time.perf_counter() - start


def month(p):
    """A period as `YYYY-MM`, however the JSON spells it."""
    return p if isinstance(p, str) else f"{p['year']}-{p['month']:02d}"


def statsmodels_backtest(periods, values, first, last):
    """The same origins as Linkages' backtest: APE and coverage by horizon."""
    logs = np.log(np.asarray(values))
    origins = range(periods.index(first), periods.index(last) + 1)
    ape = {h: [] for h in range(1, 13)}
    cov80 = {h: [] for h in range(1, 13)}
    cov95 = {h: [] for h in range(1, 13)}
    start = time.perf_counter()
    for o in origins:
        index = pd.period_range(periods[0], periods=o + 1, freq="M")
        model = STLForecast(pd.Series(logs[: o + 1], index=index), ETSModel, period=12, robust=True,
                            model_kwargs={"error": "add", "trend": "add", "damped_trend": True})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = model.fit(fit_kwargs={"disp": False})
            pred = res.get_prediction(o + 1, o + 12)
            f80 = pred.summary_frame(alpha=0.2).reset_index(drop=True)
            f95 = pred.summary_frame(alpha=0.05).reset_index(drop=True)
        for h in range(1, 13):
            if o + h >= len(values):
                break
            actual = values[o + h]
            point = np.exp(f80["mean"].iloc[h - 1])
            ape[h].append(abs(actual - point) / actual * 100)
            # STLForecast names the ETS model's prediction interval mean_ci_*.
            cov80[h].append(np.exp(f80["mean_ci_lower"].iloc[h - 1]) <= actual <= np.exp(f80["mean_ci_upper"].iloc[h - 1]))
            cov95[h].append(np.exp(f95["mean_ci_lower"].iloc[h - 1]) <= actual <= np.exp(f95["mean_ci_upper"].iloc[h - 1]))
    elapsed = time.perf_counter() - start
    mean = lambda xs: float(np.mean(xs)) * (100 if xs and isinstance(xs[0], (bool, np.bool_)) else 1)
    return {h: (mean(ape[h]), mean(cov80[h]), mean(cov95[h])) for h in HORIZONS}, elapsed


def main():
    print(f"linkages {PROFILE} build; statsmodels STLForecast(ETS A,Ad,N) on logs; same origins")
    print(f"{'series':<28}{'h':>3} | {'MAPE L':>7} {'MAPE S':>7} {'ratio':>6} | {'cov80 L':>7} {'cov80 S':>7} | {'cov95 L':>7} {'cov95 S':>7}")
    times = []
    for indicator, filters in SERIES:
        name = indicator + ("" if not filters else " " + ",".join(filters))
        adjusted, _ = linkages("adjust", indicator, filters)
        projected, t_linkages = linkages("project", indicator, filters)
        periods = [month(p) for p in adjusted["adjusted"]["periods"]]
        values = adjusted["adjusted"]["raw"]
        bt = projected["backtest"]
        ours = {h["months"]: h for h in bt["horizons"]}
        theirs, t_stats = statsmodels_backtest(periods, values, month(bt["first_origin"]), month(bt["last_origin"]))
        times.append((name, t_linkages, t_stats))
        for h in HORIZONS:
            o, (s_mape, s80, s95) = ours[h], theirs[h]
            print(f"{name:<28}{h:>3} | {o['mape']:7.2f} {s_mape:7.2f} {o['mape'] / s_mape:6.2f} | "
                  f"{o['coverage_80']:7.1f} {s80:7.1f} | {o['coverage_95']:7.1f} {s95:7.1f}")
    print()
    print(f"{'series':<28} | {'linkages s':>10} {'statsmodels s':>13} {'speed-up':>9}")
    for name, tl, ts in times:
        print(f"{name:<28} | {tl:10.2f} {ts:13.2f} {ts / tl:8.1f}x")
    print("linkages: the whole `linkages project` process (read the store, project, backtest);")
    print("statsmodels: the backtest loop alone, in process (imports and reading excluded).")


main()
