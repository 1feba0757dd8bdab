"""Benchmark: how time and step count grow with n, for a product of n distinct factors and a
composition n deep, against `sympy.diff` in the same run.

Run from the repo root:  python bench/growth.py [--runs N] [--sizes 2,4,8,16,32]
                         [--cache warm|cold|both] [--limit SECONDS] [--json FILE]

This prints figures; it asserts nothing about wall-clock time (it is not a test).

The families (x is the variable):
  linear product   (x + 1)(x + 2)...(x + n)
  mixed product    sin(x + 1) exp(x + 2) cos(x + 3) log(x + 4) tanh(x + 5) sqrt(x + 6) atan(x + 7)
                   erf(x + 8) sin(x + 9) ...: n distinct factors, the eight functions in turn
  sin/cos nest     sin(cos(sin(...cos(x)...))): n functions deep
  exp/sin nest     exp(sin(exp(...sin(x)...))): n functions deep
For each n = 2, 4, 8, 16, 32 three calls are timed, after two untimed calls each:
  derive     derive.differentiate(f, x, check=False)   the step-by-step derivation only
  checked    derive.differentiate(f, x)                 the derivation, every step verified
  diff       sympy.diff(f, x)                           the baseline
Times are the median of ``--runs`` runs (time.perf_counter), in ms; a call taking over 2 s is
run once. Both tables are printed (``--cache warm`` or ``cold`` for one): "warm" keeps SymPy's caches warm on both sides (as run.py); "cold" clears SymPy's
cache before every timed call (as jacobian.py). ``xN`` = time(n) / time(n/2), the growth per
doubling of n: 2 is linear, 4 quadratic. p is the exponent of time ~ n^p from n = 8 to 32,
log(time(32)/time(8))/log(4) (1 = linear, 2 = quadratic); the steps are also fitted by a line
in n and in the size of f. ops is sympy.count_ops of f and of the two derivatives; steps/ops
should stay flat if the steps grow linearly with the size of f; us/op is derive's time (no
checker) per operation of its result, in microseconds: flat if the time grows linearly with the
size of the derivative (which is itself quadratic in n for these families). A call running past --limit
seconds reads "timeout" and its column is skipped for larger n; an error is printed.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import statistics
import sys
import time
from pathlib import Path
from collections.abc import Callable
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sympy  # noqa: E402 -- after the path, so that the repo's own derive is imported
from sympy import atan, cos, erf, exp, log, sin, sqrt, tanh  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402

import derive  # noqa: E402
from derive.rules.limits import TimeLimit, time_limit  # noqa: E402

SIZES = (2, 4, 8, 16, 32)
RUNS = 5
LIMIT = 120.0
ONCE = 2.0            # a call taking longer than this many seconds is run once
WARMUP = 2            # untimed calls first: the first few calls of a new expression are slower
X = sympy.Symbol("x")
MIXED = (sin, exp, cos, log, tanh, sqrt, atan, erf)


def linear_product(n: int, x=X):
    return sympy.Mul(*[x + i for i in range(1, n + 1)])


def mixed_product(n: int, x=X):
    return sympy.Mul(*[MIXED[i % len(MIXED)](x + i + 1) for i in range(n)])


def nest(outer, inner):
    """outer(inner(outer(inner(...x...)))), n functions deep, outer outermost."""
    def build(n: int, x=X):
        return functools.reduce(lambda e, depth: (outer if depth % 2 == 0 else inner)(e),
                                range(n - 1, -1, -1), x) if n else x
    return build


FAMILIES: dict[str, tuple[str, Callable[[int], Any]]] = {
    "linear product": ("(x + 1)(x + 2)...(x + n)", linear_product),
    "mixed product": ("sin(x + 1) exp(x + 2) cos(x + 3) log(x + 4) tanh(x + 5) ... n factors", mixed_product),
    "sin/cos nest": ("sin(cos(sin(...x...))), n deep", nest(sin, cos)),
    "exp/sin nest": ("exp(sin(exp(...x...))), n deep", nest(exp, sin)),
}


def _timed(call: Callable[[], Any], runs: int, cold: bool, limit: float, what: str) -> tuple[float, Any, int]:
    """(median seconds, last result, runs made) of ``call`` after WARMUP untimed calls, each call bounded."""
    def once():
        if cold:
            clear_cache()
        start = time.perf_counter()
        with time_limit(limit, what):
            result = call()
        elapsed = time.perf_counter() - start
        if elapsed > limit:       # the checker turns a TimeLimit inside one of its checks into a failed check
            raise TimeLimit(what, limit)
        return elapsed, result
    first, result = once()
    for _ in range(WARMUP - 1):
        first, result = once()
    times = []
    for _ in range(1 if first > ONCE else runs):
        elapsed, result = once()
        times.append(elapsed)
    return statistics.median(times), result, len(times)


def grow(family: str, n: int, runs: int = RUNS, *, cold: bool = False, limit: float = LIMIT,
         skip: frozenset = frozenset()) -> dict:
    """One row: f of ``family`` at ``n``, the step count, and the three times (seconds).

    Keys: n, ops_f, steps, ops_derive, ops_diff, verified, failures, derive_s, checked_s, diff_s,
    and for a call that failed or ran out of time, ``<call>_error``. Calls named in ``skip`` are
    not run (their error reads "skipped").
    """
    f = FAMILIES[family][1](n)
    row: dict[str, Any] = {"family": family, "n": n, "ops_f": int(sympy.count_ops(f)), "steps": None,
                           "ops_derive": None, "ops_diff": None, "verified": None, "failures": [],
                           "runs": {}}
    calls = {"derive": lambda: derive.differentiate(f, X, check=False),
             "checked": lambda: derive.differentiate(f, X),
             "diff": lambda: sympy.diff(f, X)}
    for key, call in calls.items():
        row[f"{key}_s"] = None
        if key in skip:
            row[f"{key}_error"] = "skipped: a smaller n ran past the time limit"
            continue
        try:
            row[f"{key}_s"], result, row["runs"][key] = _timed(call, runs, cold, limit, f"{key} at n={n}")
        except TimeLimit:
            row[f"{key}_error"] = f"timeout: over {limit:g} s"
            continue
        except Exception as error:  # noqa: BLE001 -- shown under the table, never hidden
            row[f"{key}_error"] = f"{type(error).__name__}: {str(error)[:120]}"
            continue
        if key == "derive":
            row["steps"], row["ops_derive"] = len(result.all_steps()), int(sympy.count_ops(result.unified))
        elif key == "checked":
            row["verified"] = result.verified
            row["failures"] = [f"{c.subject}: {c.detail}"[:140] for c in result.verification.failures]
        else:
            row["ops_diff"] = int(sympy.count_ops(result))
    return row


def _cell(value: float | None, width: int, spec: str = ".2f", note: str = "-") -> str:
    return f"{value:{width}{spec}}" if value is not None else f"{note:>{width}}"


def _ratio(a, b):
    return a / b if a is not None and b else None


def exponent(rows: list[dict], key: str, last: int = 3) -> float | None:
    """The power p of value ~ n^p between the ``last``-th largest n measured and the largest
    (n = 8 to 32 by default: the growth of the larger sizes, less blurred by fixed costs)."""
    points = [(r["n"], r[key]) for r in rows if r.get(key)][-last:]
    if len(points) < 2 or points[-1][0] == points[0][0]:
        return None
    (n0, t0), (n1, t1) = points[0], points[-1]
    return math.log(t1 / t0) / math.log(n1 / n0)


def steps_line(rows: list[dict], by: str) -> tuple[float, float, float] | None:
    """The least-squares line steps = a * ``by`` + b, and its largest miss in steps."""
    pairs = [(r[by], r["steps"]) for r in rows if r.get("steps") is not None]
    if len(pairs) < 2:
        return None
    slope, intercept = statistics.linear_regression([p[0] for p in pairs], [p[1] for p in pairs])
    return slope, intercept, max(abs(y - (slope * x + intercept)) for x, y in pairs)


def curve(rows: list[dict], width: int = 48) -> list[str]:
    """Bars of steps and checked time against n, on linear scales (a doubling bar = linear growth)."""
    lines = []
    for key, label, unit in (("steps", "steps", ""), ("checked_s", "checked", " ms"), ("diff_s", "diff", " ms")):
        values = [r[key] for r in rows if r.get(key)]
        if not values:
            continue
        top = max(values)
        scale = 1e3 if unit else 1
        for r in rows:
            value = r.get(key)
            bar = "#" * max(1, round(width * value / top)) if value else ""
            shown = f"{value * scale:.1f}{unit}" if unit and value else (str(value) if value else "-")
            lines.append(f"    {label:>7} n={r['n']:<3} {bar:<{width}} {shown}")
    return lines


def table(family: str, runs: int, sizes, cold: bool, limit: float) -> list[dict]:
    title, _ = FAMILIES[family]
    cache = "cache cleared before every call" if cold else "caches warm"
    print(f"\n{family}: {title}  ({cache}; median of {runs} runs; ms; xN = time(n) / time(n/2))")
    print(f"  {'n':>3} {'ops f':>6} {'steps':>6} {'st/ops':>6} {'derive':>9} {'xN':>5} {'checked':>9} {'xN':>5}"
          f" {'diff':>8} {'xN':>5} {'der/diff':>8} {'chk/diff':>8} {'ops df':>7} {'ops diff':>8} {'us/op':>6}")
    rows, notes, skip, last = [], [], set(), {}
    for n in sizes:
        row = grow(family, n, runs, cold=cold, limit=limit, skip=frozenset(skip))
        cells = []
        for key in ("derive", "checked", "diff"):
            value = row[f"{key}_s"]
            growth = _ratio(value, last.get(key))
            row[f"{key}_growth"] = growth
            last[key] = value
            error = row.get(f"{key}_error")
            if error:
                notes.append(f"  n={n} {key}: {error}")
                skip |= {key} if error.startswith("timeout") else set()
            flag = "!" if key == "checked" and row["verified"] is False else " "
            label = (error or "error").split(":")[0]
            cells.append((f"{value * 1e3:8.2f}{flag}" if value is not None else f"{label:>9}")
                         + " " + _cell(growth, 5, ".1f"))
        if row["verified"] is False:
            notes.append(f"  n={n} checked: NOT verified, {len(row['failures'])} checks failed; "
                         f"first: {row['failures'][0]}")
        row["derive_vs_diff"] = _ratio(row["derive_s"], row["diff_s"])
        row["checked_vs_diff"] = _ratio(row["checked_s"], row["diff_s"])
        steps_per_op = _ratio(row["steps"], row["ops_f"])
        row["derive_per_op_us"] = _ratio(row["derive_s"] and row["derive_s"] * 1e6, row["ops_derive"])
        print(f"  {n:>3} {row['ops_f']:>6} {_cell(row['steps'], 6, 'd')} {_cell(steps_per_op, 6)} {cells[0]}"
              f" {cells[1]} {cells[2][1:]} {_cell(row['derive_vs_diff'], 7, '.1f')}x"
              f" {_cell(row['checked_vs_diff'], 7, '.1f')}x {_cell(row['ops_derive'], 7, 'd')}"
              f" {_cell(row['ops_diff'], 8, 'd')} {_cell(row['derive_per_op_us'], 6, '.1f')}")
        rows.append(row)
    fitted = {key: exponent(rows, f"{key}_s") for key in ("derive", "checked", "diff")}
    fitted["steps"] = exponent(rows, "steps")
    first = rows[-3]["n"] if len(rows) >= 3 else rows[0]["n"]
    print("  growth as n^p from n={} to n={}: steps p={}, derive p={}, checked p={}, diff p={}".format(
        first, rows[-1]["n"], *(_cell(fitted[k], 0, ".2f") for k in ("steps", "derive", "checked", "diff"))))
    for by in ("n", "ops_f"):
        line = steps_line(rows, by)
        fitted[f"steps_per_{by}"] = line
        if line:
            print(f"  steps = {line[0]:.2f} * {by.replace('_f', '(f)')} + {line[1]:.2f}  (largest miss {line[2]:.1f} steps)")
    print("\n".join(notes + (["  (! = timed, but the checker did not verify every step)"] if any(
        r["verified"] is False for r in rows) else [])) or "  every derivation verified")
    print("\n".join(curve(rows)))
    rows.append({"exponents": fitted})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per figure (default {RUNS})")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="values of n (default 2,4,8,16,32)")
    parser.add_argument("--cache", choices=("warm", "cold", "both"), default="both",
                        help="warm: after warm-up calls; cold: SymPy's cache cleared before every call (default both)")
    parser.add_argument("--family", action="append", choices=list(FAMILIES), help="only these families")
    parser.add_argument("--limit", type=float, default=LIMIT, help=f"seconds one call may take (default {LIMIT:g})")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.sizes.split(",")]
    started = time.perf_counter()
    out: dict[str, Any] = {"python": sys.version.split()[0], "sympy": sympy.__version__, "runs": args.runs}
    for cache in (("warm", "cold") if args.cache == "both" else (args.cache,)):
        for family in args.family or FAMILIES:
            out[f"{family} ({cache})"] = table(family, args.runs, sizes, cache == "cold", args.limit)
    print(f"\n(whole run {time.perf_counter() - started:.1f} s; python {out['python']}, sympy {out['sympy']})")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"Figures written to {args.json}")


if __name__ == "__main__":
    main()
