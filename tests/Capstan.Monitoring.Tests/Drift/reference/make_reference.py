#!/usr/bin/python3
"""Writes reference.json: seeded samples and the drift statistics SciPy computes on them.

Run with Debian's interpreter and python3-scipy (`/usr/bin/python3 make_reference.py`); the tests in this folder
compare Capstan.Monitoring's statistics with these values to 1e-6. Histogram-based statistics (PSI, Jensen-Shannon
on numeric samples) bin both samples over the reference's 30 equal-width bins, with current values clipped into
the reference's range, as Capstan's profiles do.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

rng = np.random.RandomState(20240601)
BINS = 30
EPSILON = 1e-4


def sample(n, loc=0.0, scale=1.0, decimals=4):
    return np.round(rng.normal(loc, scale, n), decimals)


def numeric_case(name, reference, current):
    ks = stats.ks_2samp(reference, current)
    edges = np.histogram_bin_edges(reference, bins=BINS)
    ref_counts = np.histogram(reference, edges)[0].astype(float)
    cur_counts = np.histogram(np.clip(current, edges[0], edges[-1]), edges)[0].astype(float)
    r = np.where(ref_counts == 0, EPSILON, ref_counts / ref_counts.sum())
    c = np.where(cur_counts == 0, EPSILON, cur_counts / cur_counts.sum())
    return {
        "name": name,
        "reference": reference.tolist(),
        "current": current.tolist(),
        "ksStatistic": float(ks.statistic),
        "ksPValue": float(ks.pvalue),
        "wasserstein": float(stats.wasserstein_distance(reference, current)),
        "normedWasserstein": float(stats.wasserstein_distance(reference, current) / max(np.std(reference), 0.001)),
        "referenceBinCounts": ref_counts.tolist(),
        "currentBinCounts": cur_counts.tolist(),
        "jensenShannon": float(distance.jensenshannon(ref_counts, cur_counts)),
        "psi": float(np.sum((r - c) * np.log(r / c))),
    }


def categorical_case(name, ref_counts, cur_counts):
    ref_counts = np.asarray(ref_counts, dtype=float)
    cur_counts = np.asarray(cur_counts, dtype=float)
    expected = ref_counts * (cur_counts.sum() / ref_counts.sum())
    chi = stats.chisquare(cur_counts, expected)
    return {
        "name": name,
        "referenceCounts": ref_counts.tolist(),
        "currentCounts": cur_counts.tolist(),
        "chiSquaredStatistic": float(chi.statistic),
        "chiSquaredPValue": float(chi.pvalue),
        "jensenShannon": float(distance.jensenshannon(ref_counts, cur_counts)),
    }


def z_case(name, ref_hits, ref_n, cur_hits, cur_n):
    # Evidently's proportions_diff_z_stat_ind and proportions_diff_z_test (two-sided).
    p1, p2 = ref_hits / ref_n, cur_hits / cur_n
    pooled = (p1 * ref_n + p2 * cur_n) / (ref_n + cur_n)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / ref_n + 1.0 / cur_n))
    return {"name": name, "referenceHits": ref_hits, "referenceCount": ref_n, "currentHits": cur_hits,
            "currentCount": cur_n, "z": float(z), "pValue": float(2 * (1 - stats.norm.cdf(np.abs(z))))}


numeric = [
    numeric_case("small equal sizes, exact", sample(20), sample(20, 0.5)),
    numeric_case("small unequal sizes, exact", sample(30), sample(45, 0.3)),
    numeric_case("tiny samples, exact", sample(7), sample(5, 1.0)),
    numeric_case("same distribution, unequal sizes", sample(200), sample(300)),
    numeric_case("shifted mean", sample(500), sample(400, 0.25)),
    numeric_case("ties (rounded to integers)", np.round(rng.normal(0, 2, 300)), np.round(rng.normal(0.3, 2, 250))),
    numeric_case("scaled spread, equal sizes 1000", sample(1000), sample(1000, 0, 1.2)),
    numeric_case("equal sizes at the exact limit", sample(2000), sample(2000, 0.05)),
    numeric_case("asymptotic, large reference", sample(12000), sample(3000, 0.05)),
    numeric_case("asymptotic, small current (Durbin)", sample(20000), sample(100, 0.2)),
    numeric_case("asymptotic, strong shift", sample(11000), sample(11000, 0.1)),
    numeric_case("asymptotic, no shift", sample(15000), sample(12000)),
]
categorical = [
    categorical_case("three categories, stable", [300, 500, 200], [310, 480, 210]),
    categorical_case("four categories, shifted", [250, 250, 250, 250], [150, 300, 250, 300]),
    categorical_case("two categories, unequal totals", [70, 30], [550, 450]),
    categorical_case("many categories, small counts", [5, 8, 13, 2, 9, 1, 4], [6, 7, 10, 5, 8, 2, 3]),
]
z = [
    z_case("balanced, stable", 480, 1000, 505, 1000),
    z_case("shifted share", 300, 1000, 380, 900),
    z_case("small samples", 4, 10, 9, 12),
]

out = {
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "bins": BINS,
    "epsilon": EPSILON,
    "numeric": numeric,
    "categorical": categorical,
    "zTest": z,
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
