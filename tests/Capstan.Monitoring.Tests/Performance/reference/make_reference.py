#!/usr/bin/python3
"""Writes reference.json: seeded predictions with their true labels, and the figures scikit-learn computes on them.

Run with Debian's interpreter, python3-sklearn and python3-scipy (`/usr/bin/python3 make_reference.py`); the tests in
this folder compare Capstan.Monitoring's realized performance figures with these values to 1e-6. Log loss uses
eps=1e-15, as Capstan clips; binary AUC is also checked here against SciPy's Mann-Whitney U, which it must equal.
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn import metrics

rng = np.random.RandomState(20250314)
EPS = 1e-15


def binary_case(name, truth, probability, predicted):
    auc = metrics.roc_auc_score(truth, probability) if len(set(truth)) == 2 else None
    if auc is not None:
        u = stats.mannwhitneyu(probability[truth == 1], probability[truth == 0]).statistic
        assert abs(u / (truth.sum() * (len(truth) - truth.sum())) - auc) < 1e-12
    return {
        "name": name,
        "truth": truth.tolist(),
        "probability": probability.tolist(),
        "predicted": predicted.tolist(),
        "accuracy": metrics.accuracy_score(truth, predicted),
        "precision": metrics.precision_score(truth, predicted, zero_division=0),
        "recall": metrics.recall_score(truth, predicted, zero_division=0),
        "f1": metrics.f1_score(truth, predicted, zero_division=0),
        "auc": auc,
        "logLoss": metrics.log_loss(truth, probability, eps=EPS, labels=[0, 1]),
    }


def multiclass_case(name, truth, probabilities, predicted):
    k = probabilities.shape[1]
    return {
        "name": name,
        "truth": truth.tolist(),
        "probabilities": probabilities.tolist(),
        "predicted": predicted.tolist(),
        "accuracy": metrics.accuracy_score(truth, predicted),
        "precision": metrics.precision_score(truth, predicted, average="macro", zero_division=0),
        "recall": metrics.recall_score(truth, predicted, average="macro", zero_division=0),
        "f1": metrics.f1_score(truth, predicted, average="macro", zero_division=0),
        "auc": metrics.roc_auc_score(truth, probabilities, multi_class="ovr", average="macro"),
        "logLoss": metrics.log_loss(truth, probabilities, eps=EPS, labels=list(range(k))),
    }


def names_case(name, truth, predicted):
    return {
        "name": name,
        "truth": list(truth),
        "predicted": list(predicted),
        "accuracy": metrics.accuracy_score(truth, predicted),
        "precision": metrics.precision_score(truth, predicted, average="macro", zero_division=0),
        "recall": metrics.recall_score(truth, predicted, average="macro", zero_division=0),
        "f1": metrics.f1_score(truth, predicted, average="macro", zero_division=0),
    }


def regression_case(name, truth, predicted):
    return {
        "name": name,
        "truth": truth.tolist(),
        "predicted": predicted.tolist(),
        "mae": metrics.mean_absolute_error(truth, predicted),
        "rmse": metrics.mean_squared_error(truth, predicted, squared=False),
        "r2": metrics.r2_score(truth, predicted),
    }


def scored_binary(n, separation, decimals=None):
    truth = rng.binomial(1, 0.4, n)
    logit = rng.normal(0, 1, n) + separation * (truth - 0.5)
    probability = 1 / (1 + np.exp(-logit))
    if decimals is not None:
        probability = np.round(probability, decimals)
    return truth, probability


def softmax(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def scored_multiclass(n, k, separation):
    truth = np.concatenate([np.arange(k), rng.randint(0, k, n - k)])
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), truth] += separation
    return truth, softmax(logits)


binary = []
truth, probability = scored_binary(300, 2.0)
binary.append(binary_case("well separated, 300 rows", truth, probability, (probability >= 0.5).astype(int)))
truth, probability = scored_binary(250, 0.7, decimals=2)
binary.append(binary_case("weak, scores tied at two decimals", truth, probability, (probability >= 0.5).astype(int)))
truth, probability = scored_binary(120, 1.5)
noisy = np.where(rng.uniform(size=120) < 0.15, 1 - (probability >= 0.5), probability >= 0.5).astype(int)
binary.append(binary_case("labels not from the scores", truth, probability, noisy))
truth, probability = scored_binary(60, 3.0)
probability[:4] = [0.0, 1.0, 1.0, 0.0]
truth[:4] = [1, 0, 1, 0]
binary.append(binary_case("confident mistakes clipped", truth, probability, (probability >= 0.5).astype(int)))
truth, probability = scored_binary(40, 1.0)
binary.append(binary_case("no positive predictions", truth, probability * 0.4, np.zeros(40, dtype=int)))

multiclass = []
truth, probabilities = scored_multiclass(300, 3, 2.0)
multiclass.append(multiclass_case("three classes", truth, probabilities, probabilities.argmax(axis=1)))
truth, probabilities = scored_multiclass(400, 5, 1.0)
multiclass.append(multiclass_case("five classes, weak", truth, probabilities, probabilities.argmax(axis=1)))
truth, probabilities = scored_multiclass(150, 4, 1.5)
predicted = np.where(rng.uniform(size=150) < 0.2, rng.randint(0, 4, 150), probabilities.argmax(axis=1))
multiclass.append(multiclass_case("four classes, labels not from the scores", truth, probabilities, predicted))

words = np.array(["setosa", "versicolor", "virginica", "unseen"])
names = [
    names_case("class names", words[rng.randint(0, 3, 200)], words[rng.randint(0, 3, 200)]),
    names_case("a predicted class never true", words[rng.randint(0, 3, 80)], words[rng.randint(0, 4, 80)]),
]

regression = []
truth = np.round(rng.normal(50, 10, 300), 3)
regression.append(regression_case("noisy", truth, np.round(truth + rng.normal(0, 3, 300), 3)))
truth = np.round(rng.exponential(2, 200), 3)
regression.append(regression_case("biased", truth, np.round(truth * 0.8 + 1, 3)))
regression.append(regression_case("constant truth", np.full(10, 4.0), np.round(4 + rng.normal(0, 1, 10), 3)))
regression.append(regression_case("constant truth, perfect", np.full(5, 2.5), np.full(5, 2.5)))

out = {
    "sklearn": sklearn.__version__,
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "eps": EPS,
    "binary": binary,
    "multiclass": multiclass,
    "names": names,
    "regression": regression,
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
