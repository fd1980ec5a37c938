"""Quality gate: the evaluation figures must not fall below the floors pinned in ``eval_baseline.json``.

Each gate runs one ``newsweave eval`` evaluation in this process (models load once per process)
on the sample the baseline names, under ``../shared/benchmarks``, and checks every figure it lists
against its floor. Without ``../shared`` the gates skip with the reason. The floors change only by
an explicit edit of ``tests/eval_baseline.json`` in a commit: raised as figures improve, lowered
only on purpose, with the reason in the commit message.

``.venv/bin/python tests/test_eval_gate.py [GATE...]`` runs the gates and prints each figure beside
its floor and the value recorded as measured, without asserting anything (to raise a floor).
"""
from __future__ import annotations

import importlib
import inspect
import json
import math
import shlex
import sys
import time
from pathlib import Path
from typing import Any

import pytest

BASELINE_PATH = Path(__file__).resolve().parent / "eval_baseline.json"
BASELINE: dict[str, Any] = json.loads(BASELINE_PATH.read_text(encoding="utf-8"))
GATES: dict[str, dict[str, Any]] = BASELINE["gates"]
_MISSING = object()
_REPORTS: dict[str, tuple[dict[str, Any], float]] = {}


def resolve(report: Any, path: str) -> Any:
    """The value at a dotted ``path`` of ``report``; keys may hold dots themselves ("baseline_tfidf.0.1.f1"),
    so the longest key that matches comes first. ``_MISSING`` when there is none."""
    if not isinstance(report, dict):
        return _MISSING
    if path in report:
        return report[path]
    parts = path.split(".")
    for i in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:i])
        if head in report:
            found = resolve(report[head], ".".join(parts[i:]))
            if found is not _MISSING:
                return found
    return _MISSING


def command(gate: dict[str, Any]) -> str:
    """The command line that reproduces a gate's report, run from the repository root."""
    words = [".venv/bin/newsweave", "eval", gate["evaluation"], f"../shared/{gate['data']}"]
    for key, value in gate.get("options", {}).items():
        words += [f"--{key}", str(value)]
    return shlex.join(words + ["--json"])


def evaluate(name: str, folder: Path) -> tuple[dict[str, Any], float]:
    """Run gate ``name`` on ``folder`` once per process: the gate test and the schema test share it."""
    if name not in _REPORTS:
        gate = GATES[name]
        module = importlib.import_module(f"newsweave.evaluate.{gate['evaluation']}")
        t0 = time.perf_counter()
        report = getattr(module, f"evaluate_{gate['evaluation']}")(folder, **gate.get("options", {}))
        _REPORTS[name] = (report, time.perf_counter() - t0)
    return _REPORTS[name]


def _report(name: str) -> tuple[dict[str, Any], float]:
    from conftest import shared_path

    return evaluate(name, shared_path(*GATES[name]["data"].split("/")))


# -- the baseline file itself (needs no data) ------------------------------------------------------

def test_baseline_file_is_well_formed():
    from newsweave.cli import EVALUATIONS

    assert isinstance(BASELINE.get("about"), str) and "explicit commit" in BASELINE["about"]
    assert GATES, "no gates"
    problems = []
    for name, gate in GATES.items():
        where = f"gate {name!r}"
        unknown = set(gate) - {"evaluation", "data", "options", "sample", "seconds", "metrics"}
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        evaluation = gate.get("evaluation")
        if evaluation not in EVALUATIONS:
            problems.append(f"{where}: evaluation {evaluation!r} is not one of {sorted(EVALUATIONS)}")
            continue
        data = gate.get("data", "")
        if not (isinstance(data, str) and data.startswith("benchmarks/") and ".." not in data.split("/")):
            problems.append(f"{where}: data {data!r} must be a folder under ../shared/benchmarks")
        if not isinstance(gate.get("sample"), str) or not gate["sample"]:
            problems.append(f"{where}: 'sample' must say in words what the gate runs on")
        seconds = gate.get("seconds")
        if not (isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds > 0):
            problems.append(f"{where}: 'seconds' (measured run time) must be a positive number")
        # the options must be accepted both by the function and by the command line that reproduces it
        function = getattr(importlib.import_module(f"newsweave.evaluate.{evaluation}"), f"evaluate_{evaluation}")
        accepted = set(inspect.signature(function).parameters)
        cli_options = ({"limit"} if EVALUATIONS[evaluation][2] else set()) | ({"split"} if evaluation == "quotes" else set())
        for key, value in gate.get("options", {}).items():
            if key not in accepted or key not in cli_options:
                problems.append(f"{where}: option {key!r} is not an option of `newsweave eval {evaluation}`")
            elif key == "limit" and not (isinstance(value, int) and not isinstance(value, bool) and value > 0):
                problems.append(f"{where}: limit {value!r} must be a positive integer")
            elif key == "split" and not (isinstance(value, str) and value):
                problems.append(f"{where}: split {value!r} must be a split name")
        metrics = gate.get("metrics")
        if not isinstance(metrics, dict) or not metrics:
            problems.append(f"{where}: no metrics")
            continue
        for path, spec in metrics.items():
            if not isinstance(spec, dict) or set(spec) != {"floor", "measured"}:
                problems.append(f"{where}: metric {path!r} must be {{'floor': ..., 'measured': ...}}")
                continue
            numbers = [spec["floor"], spec["measured"]]
            if not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and 0 <= x <= 1
                       for x in numbers):
                problems.append(f"{where}: metric {path!r}: floor and measured must be numbers in [0, 1], not {numbers}")
            elif spec["floor"] > spec["measured"]:
                problems.append(f"{where}: metric {path!r}: floor {spec['floor']} above the measured {spec['measured']}")
    assert not problems, "\n".join(problems)


def test_resolve_reads_dotted_paths_and_keys_with_dots():
    report = {"bcubed": {"f1": 0.9}, "direct/30%": {"f1": 0.8}, "baseline_tfidf": {"0.1": {"f1": 0.3}}, "n.a": 1}
    assert resolve(report, "bcubed.f1") == 0.9
    assert resolve(report, "direct/30%.f1") == 0.8
    assert resolve(report, "baseline_tfidf.0.1.f1") == 0.3
    assert resolve(report, "n.a") == 1
    assert resolve(report, "bcubed.recall") is _MISSING and resolve(report, "bcubed.f1.x") is _MISSING


# -- the gates (need ../shared/benchmarks) ----------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("name", list(GATES))
def test_metric_paths_exist_in_the_report(name):
    report, _ = _report(name)
    missing = [path for path in GATES[name]["metrics"] if resolve(report, path) is _MISSING]
    assert not missing, (f"gate {name}: {missing} not in the report of `{command(GATES[name])}` "
                         f"(top-level keys: {sorted(report)}); rename them in tests/eval_baseline.json")


@pytest.mark.slow
@pytest.mark.parametrize("name", list(GATES))
def test_eval_figures_stay_above_their_floors(name):
    gate = GATES[name]
    report, seconds = _report(name)
    failures = []
    for path, spec in gate["metrics"].items():
        value = resolve(report, path)
        if value is _MISSING or not isinstance(value, (int, float)):
            continue  # test_metric_paths_exist_in_the_report names it
        if value < spec["floor"]:
            failures.append(f"{path} = {value:.4f} is below its floor {spec['floor']} (measured {spec['measured']} when pinned)")
    assert not failures, (f"gate {name} ({gate['sample']}; {seconds:.0f} s):\n  " + "\n  ".join(failures)
                          + f"\nreproduce: {command(gate)}\nfloors: tests/eval_baseline.json "
                          "(lowering one is an explicit commit that says why)")


if __name__ == "__main__":  # print figures beside floors, assert nothing
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    shared = Path(__file__).resolve().parents[2] / "shared"
    total = 0.0
    for name in sys.argv[1:] or list(GATES):
        report, seconds = evaluate(name, shared / GATES[name]["data"])
        total += seconds
        print(f"{name}: {seconds:.1f} s  ({GATES[name]['sample']})")
        for path, spec in GATES[name]["metrics"].items():
            value = resolve(report, path)
            shown = f"{value:.4f}" if isinstance(value, (int, float)) else "MISSING"
            flag = "" if isinstance(value, (int, float)) and value >= spec["floor"] else "   <-- below floor"
            print(f"    {path:38s} {shown}   floor {spec['floor']}   measured when pinned {spec['measured']}{flag}")
    print(f"total {total:.1f} s")
