"""Benchmark: a corpus of expressions derived and verified by `derive`, against `sympy.diff` alone,
in the same run; then the size of derive's results against sympy.diff and sympy.simplify.

Run from the repo root:  python bench/corpus_run.py [--runs N] [--budget SECONDS] [--each]
                         [--extra MODULE:NAME] [--no-size] [--cache warm|cold|both] [--json FILE]

This prints figures; it asserts nothing about wall-clock time (it is not a test).

Speed. For every entry of `bench/corpus.py` (parsed by `derive.parse`), three calls are timed,
interleaved, ``--runs`` times each after two untimed calls each, twice: "warm" (SymPy's caches
stay warm on both sides, as in run.py) and "cold" (SymPy's cache is cleared before every timed
call, as in jacobian.py); ``--cache warm`` or ``--cache cold`` runs one of them:
  derive     derive.differentiate(f, x, check=False)   the step-by-step derivation only
  checked    derive.differentiate(f, x)                 the derivation, every step verified
  diff       sympy.diff(f, x)                           the baseline
A figure per expression is the median of its runs (time.perf_counter). Per class and in total:
the median of those medians, the sum over the class, and the ratios derive/diff and checked/diff
(sum over sum, and the median of the per-expression ratios). Steps are set against the size of
f (sympy.count_ops): steps per operation, and a least-squares line steps = a * ops + b.

Size. For every entry, every function of the catalog (``--no-catalog`` leaves it out; its result
is the folded one, such as sigma(x)(1 - sigma(x)), against sympy.diff of the function written out),
and every item of ``--extra`` lists, count_ops of derive's result (`Derivation.unified`), of
sympy.diff(f, x), and of sympy.simplify(sympy.diff(f, x)).
simplify runs under `derive.rules.limits.time_limit(--budget)`; an entry whose simplify runs over is
marked "over budget" and left out of the comparison with simplify. The summary gives how many
results are no longer than simplify's (shorter, equal), how many are longer, and by how much
(the median excess in operations and the median ratio), and lists the longer ones.

Other lists for the size comparison: ``--extra MODULE:NAME`` (repeatable) imports NAME from
MODULE; it may be a list of (name, expression, variable) triples, a mapping name -> (expression,
variable), a list of objects with .name, .expression and .variable, or a function of no
arguments that returns one of these. Expressions and variables may be SymPy objects or text
(read by derive.parse). In Python: ``size_comparison(items, budget)``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from pathlib import Path
from collections.abc import Callable, Iterable
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sympy  # noqa: E402 -- after the path, so that the repo's own derive is imported
from sympy.core.cache import clear_cache  # noqa: E402

import derive  # noqa: E402
from derive.rules.limits import TimeLimit, time_limit  # noqa: E402
from derive.readers.text import parse, parse_variable  # noqa: E402

from corpus import CORPUS, Entry  # noqa: E402

RUNS = 5
BUDGET = 5.0      # seconds sympy.simplify may take on one expression
LIMIT = 60.0      # seconds one derive call may take
WARMUP = 2        # untimed calls of each first: the first few calls of a new expression are slower


# ---------------------------------------------------------------------------------------------
# Speed

def _bounded(call: Callable[[], Any], limit: float, what: str) -> Any:
    """``call()`` under `time_limit`. The checker turns a TimeLimit raised inside one of its own
    checks into a failed check, so running over is also detected by the clock afterwards."""
    start = time.perf_counter()
    with time_limit(limit, what):
        result = call()
    if time.perf_counter() - start > limit:
        raise TimeLimit(what, limit)
    return result


def measure(entry: Entry | tuple, runs: int = RUNS, *, cold: bool = False, limit: float = LIMIT) -> dict:
    """Time one corpus entry: derive only, derive + verify, and sympy.diff, interleaved.

    Returns a dict: kind, text, wrt, ops (count_ops of f), steps, verified, failures (the checks
    that failed), derive_s / checked_s / diff_s (median seconds), result and diff (the two
    derivatives), and error (text) if derive raised, e.g. `derive.NoRuleApplies`.
    """
    kind, text, wrt = entry
    expr, var = parse(text), parse_variable(wrt)
    row: dict[str, Any] = {"kind": kind, "text": text, "wrt": wrt, "ops": int(sympy.count_ops(expr)),
                           "steps": None, "verified": False, "failures": [], "error": None,
                           "derive_s": None, "checked_s": None, "diff_s": None, "result": None, "diff": None}
    calls = {"derive": lambda: derive.differentiate(expr, var, check=False),
             "checked": lambda: derive.differentiate(expr, var),
             "diff": lambda: sympy.diff(expr, var)}
    times: dict[str, list[float]] = {key: [] for key in calls}
    last: dict[str, Any] = {}
    try:
        for timed in [False] * WARMUP + [True] * runs:   # warm-up calls of each, then interleaved runs
            for key, call in calls.items():
                if cold:
                    clear_cache()
                start = time.perf_counter()
                last[key] = _bounded(call, limit, f"{key} of {text}")
                elapsed = time.perf_counter() - start
                if timed:
                    times[key].append(elapsed)
    except Exception as error:  # noqa: BLE001 -- NoRuleApplies, TimeLimit, ...: reported, not hidden
        row["error"] = f"{type(error).__name__}: {str(error)[:160]}"
        return row
    checked = last["checked"]
    row.update({f"{key}_s": statistics.median(values) for key, values in times.items()})
    row.update(steps=len(checked.all_steps()), verified=checked.verified, result=checked.unified,
               diff=last["diff"],
               failures=[f"{c.subject}: {c.detail}"[:160] for c in checked.verification.failures])
    return row


def _median(values: Iterable[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _fmt(value: float | None, spec: str, width: int) -> str:
    return f"{value:{width}{spec}}" if value is not None else f"{'-':>{width}}"


def speed_summary(rows: list[dict]) -> dict:
    """Per-class and total figures from `measure` rows (times in ms)."""
    kinds = list(dict.fromkeys(row["kind"] for row in rows))
    out = {}
    for kind in kinds + ["total"]:
        group = [r for r in rows if (kind == "total" or r["kind"] == kind)]
        good = [r for r in group if r["error"] is None]
        sums = {key: sum(r[f"{key}_s"] for r in good) * 1e3 for key in ("derive", "checked", "diff")}
        out[kind] = {
            "n": len(group), "verified": sum(r["verified"] for r in group),
            "errors": sum(r["error"] is not None for r in group),
            "steps_median": _median(r["steps"] for r in good),
            "steps_total": sum(r["steps"] for r in good),
            **{f"{key}_median_ms": _median(r[f"{key}_s"] * 1e3 for r in good) for key in sums},
            **{f"{key}_total_ms": value for key, value in sums.items()},
            "derive_vs_diff": _ratio(sums["derive"], sums["diff"]),
            "checked_vs_diff": _ratio(sums["checked"], sums["diff"]),
            "derive_vs_diff_median": _median(_ratio(r["derive_s"], r["diff_s"]) for r in good),
            "checked_vs_diff_median": _median(_ratio(r["checked_s"], r["diff_s"]) for r in good),
        }
    return out


def steps_against_size(rows: list[dict]) -> dict:
    """Steps per operation of f, and the least-squares line steps = a * ops + b, with r."""
    pairs = [(r["ops"], r["steps"]) for r in rows if r["error"] is None and r["ops"] > 0]
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    slope, intercept = statistics.linear_regression(xs, ys)
    per_op = [y / x for x, y in pairs]
    return {"pairs": len(pairs), "slope": slope, "intercept": intercept,
            "r": statistics.correlation(xs, ys), "per_op_median": statistics.median(per_op),
            "per_op_max": max(per_op), "ops_max": max(xs), "steps_max": max(ys)}


def print_speed(rows: list[dict], runs: int, cold: bool) -> dict:
    summary = speed_summary(rows)
    caches = "SymPy's cache cleared before every timed call" if cold else f"after {WARMUP} warm-up calls each (caches warm)"
    print(f"Speed: {len(rows)} expressions; median of {runs} runs per expression, {caches}")
    print("  derive = differentiate(check=False), checked = differentiate() (every step verified), "
          "diff = sympy.diff")
    print(f"  {'class':<17} {'n':>3} {'ok':>3} {'steps':>5} | {'median ms per expression':^26} | "
          f"{'total ms':^26} | {'derive/diff':^11} {'checked/diff':^12}")
    print(f"  {'':<17} {'':>3} {'':>3} {'':>5} | {'derive':>8} {'checked':>8} {'diff':>8} | "
          f"{'derive':>8} {'checked':>8} {'diff':>8} | {'sum':>5} {'med':>5} {'sum':>6} {'med':>5}")
    for kind, f in summary.items():
        if kind == "total":
            print("  " + "-" * 118)
        print(f"  {kind:<17} {f['n']:>3} {f['verified']:>3} {_fmt(f['steps_median'], '.0f', 5)} | "
              f"{_fmt(f['derive_median_ms'], '.2f', 8)} {_fmt(f['checked_median_ms'], '.2f', 8)} "
              f"{_fmt(f['diff_median_ms'], '.3f', 8)} | {f['derive_total_ms']:8.1f} {f['checked_total_ms']:8.1f} "
              f"{f['diff_total_ms']:8.2f} | {_fmt(f['derive_vs_diff'], '.1f', 5)} "
              f"{_fmt(f['derive_vs_diff_median'], '.1f', 5)} {_fmt(f['checked_vs_diff'], '.1f', 6)} "
              f"{_fmt(f['checked_vs_diff_median'], '.1f', 5)}")
    total = summary["total"]
    print(f"  ok = verified. Ratios: sum = total/total, med = median of the per-expression ratios. "
          f"derive+verify over the whole corpus: {total['checked_total_ms'] / 1e3:.2f} s against "
          f"{total['diff_total_ms'] / 1e3:.3f} s of sympy.diff.")
    fit = steps_against_size(rows)
    print(f"  Steps against the size of f (count_ops): steps = {fit['slope']:.2f} * ops + {fit['intercept']:.2f} "
          f"(r = {fit['r']:.2f}, {fit['pairs']} expressions); steps per op: median {fit['per_op_median']:.2f}, "
          f"max {fit['per_op_max']:.2f}; largest f {fit['ops_max']} ops, most steps {fit['steps_max']}.")
    for row in rows:
        if row["error"]:
            print(f"  ERROR   {row['text']}  (d/d{row['wrt']}): {row['error']}")
        elif not row["verified"]:
            print(f"  NOT VERIFIED  {row['text']}  (d/d{row['wrt']}): {len(row['failures'])} checks failed; "
                  f"first: {row['failures'][0]}")
    return {"classes": summary, "steps_vs_size": fit}


def print_each(rows: list[dict]) -> None:
    print(f"\n  {'expression':<48} {'wrt':>4} {'ops':>4} {'steps':>5} {'derive':>8} {'checked':>8} {'diff':>8} "
          f"{'checked/diff':>12}")
    for r in rows:
        if r["error"]:
            print(f"  {r['text'][:48]:<48} {r['wrt']:>4} {r['ops']:>4}  error: {r['error'][:60]}")
            continue
        flag = "" if r["verified"] else "  NOT VERIFIED"
        print(f"  {r['text'][:48]:<48} {r['wrt']:>4} {r['ops']:>4} {r['steps']:>5} {r['derive_s'] * 1e3:8.2f} "
              f"{r['checked_s'] * 1e3:8.2f} {r['diff_s'] * 1e3:8.3f} {r['checked_s'] / r['diff_s']:11.1f}x{flag}")


# ---------------------------------------------------------------------------------------------
# Size

def _read(value: Any, reader: Callable[[str], Any]) -> Any:
    return reader(value) if isinstance(value, str) else sympy.sympify(value)


def as_items(obj: Any) -> list[tuple[str, Any, Any]]:
    """(name, expression, variable) triples from a list, a mapping, objects, or a function of none."""
    if callable(obj) and not isinstance(obj, (list, tuple, dict)):
        obj = obj()
    if isinstance(obj, dict):
        return [(str(name), *value) for name, value in obj.items()]
    items = []
    for item in obj:
        if isinstance(item, Entry):
            items.append((item.text, item.text, item.wrt))
        elif isinstance(item, (tuple, list)):
            items.append(tuple(item))
        else:
            items.append((str(item.name), item.expression, item.variable))
    return items


def size_row(name: str, expression: Any, variable: Any, *, budget: float = BUDGET,
             result: Any = None, limit: float = LIMIT) -> dict:
    """count_ops of derive's result, of sympy.diff and of simplify(sympy.diff) (bounded by ``budget``).

    ``result`` is derive's result if it is already known (from `measure`); otherwise it is derived
    here, with the checker. ``simplify`` is None and ``status`` says why when it was not had.
    """
    expr, var = _read(expression, parse), _read(variable, parse_variable)
    row: dict[str, Any] = {"name": name, "derive": None, "diff": None, "simplify": None,
                           "simplify_s": None, "status": "ok", "verified": None}
    try:
        if result is None:
            derivation = _bounded(lambda: derive.differentiate(expr, var), limit, f"derive of {name}")
            result, row["verified"] = derivation.unified, derivation.verified
        row["derive"] = int(sympy.count_ops(result))
    except Exception as error:  # noqa: BLE001 -- reported, not hidden
        row["status"] = f"derive error: {type(error).__name__}: {str(error)[:120]}"
    diff = sympy.diff(expr, var)
    row["diff"] = int(sympy.count_ops(diff))
    start = time.perf_counter()
    try:
        with time_limit(budget, f"simplify of {name}"):
            simplified = sympy.simplify(diff)
        row["simplify"] = int(sympy.count_ops(simplified))
    except TimeLimit:
        row["status"] = "over budget"
    except Exception as error:  # noqa: BLE001
        row["status"] = f"simplify error: {type(error).__name__}: {str(error)[:120]}"
    row["simplify_s"] = time.perf_counter() - start
    return row


def size_summary(rows: list[dict]) -> dict:
    compared = [r for r in rows if r["derive"] is not None and r["simplify"] is not None]
    longer = [r for r in compared if r["derive"] > r["simplify"]]
    return {
        "items": len(rows), "compared": len(compared),
        "over_budget": sum(r["status"] == "over budget" for r in rows),
        "errors": sum(r["status"] not in ("ok", "over budget") for r in rows),
        "no_longer": len(compared) - len(longer),
        "shorter": sum(r["derive"] < r["simplify"] for r in compared),
        "equal": sum(r["derive"] == r["simplify"] for r in compared),
        "longer": len(longer),
        "longer_median_excess": _median(r["derive"] - r["simplify"] for r in longer),
        "longer_max_excess": max((r["derive"] - r["simplify"] for r in longer), default=None),
        "longer_median_ratio": _median(r["derive"] / max(r["simplify"], 1) for r in longer),
        "ratio_median_all": _median(r["derive"] / r["simplify"] for r in compared if r["simplify"]),
        "derive_total": sum(r["derive"] for r in compared),
        "simplify_total": sum(r["simplify"] for r in compared),
        "diff_total": sum(r["diff"] for r in compared),
        "no_longer_than_diff": sum(r["derive"] <= r["diff"] for r in rows if r["derive"] is not None),
        "with_result": sum(r["derive"] is not None for r in rows),
        "simplify_total_s": sum(r["simplify_s"] or 0 for r in rows),
    }


def print_size(title: str, rows: list[dict], budget: float) -> dict:
    s = size_summary(rows)
    print(f"\nSize: {title} ({s['items']} items; count_ops; simplify bounded at {budget:g} s each, "
          f"{s['simplify_total_s']:.1f} s in all)")
    print(f"  derive's result no longer than simplify(diff)'s: {s['no_longer']} of {s['compared']} "
          f"(shorter {s['shorter']}, equal {s['equal']}); longer: {s['longer']}")
    if s["longer"]:
        print(f"  the longer ones: by {s['longer_median_excess']:g} ops median (max {s['longer_max_excess']}), "
              f"{s['longer_median_ratio']:.2f}x simplify's size median")
    if s["compared"]:
        print(f"  derive / simplify size, median over all compared: {s['ratio_median_all']:.2f}; total ops: "
              f"derive {s['derive_total']}, sympy.diff {s['diff_total']}, simplify(diff) {s['simplify_total']}")
    print(f"  derive's result no longer than sympy.diff's (unsimplified): {s['no_longer_than_diff']} "
          f"of {s['with_result']}")
    if s["over_budget"] or s["errors"]:
        print(f"  not compared: {s['over_budget']} over the simplify budget, {s['errors']} errors")
    notes = [r for r in rows if r["derive"] is not None and r["simplify"] is not None and r["derive"] > r["simplify"]]
    if notes:
        print(f"  {'longer than simplify':<48} {'derive':>6} {'diff':>5} {'simplify':>8}")
        for r in sorted(notes, key=lambda r: r["simplify"] - r["derive"]):
            print(f"  {r['name'][:48]:<48} {r['derive']:>6} {r['diff']:>5} {r['simplify']:>8}")
    over_diff = [r for r in rows if r["derive"] is not None and r["derive"] > r["diff"]]
    if over_diff:
        print("  longer than sympy.diff's: " + "; ".join(
            f"{r['name']} ({r['derive']} > {r['diff']})" for r in sorted(over_diff, key=lambda r: r["diff"] - r["derive"])))
    for r in rows:
        if r["status"] != "ok":
            print(f"  {r['status']:<12}  {r['name']}")
    return s


def size_comparison(items: Iterable, *, budget: float = BUDGET, results: dict | None = None,
                    title: str = "list", show: bool = True) -> tuple[list[dict], dict]:
    """The size comparison over (name, expression, variable) items; ``results`` maps a name to
    derive's result when it is already known. Prints the summary when ``show``."""
    results = results or {}
    rows = [size_row(name, expression, variable, budget=budget, result=results.get(name))
            for name, expression, variable in as_items(items)]
    return rows, (print_size(title, rows, budget) if show else size_summary(rows))


def catalog_items(limit: float = LIMIT) -> tuple[list[tuple[str, Any, Any]], dict[str, Any]]:
    """The catalog as (name, function with its definitions unfolded, variable) items, and derive's
    result for each (`derive.functions.catalog.derive_entry`, checked): the folded form, sigma(x)(1 - sigma(x)),
    against what simplify makes of sympy.diff of the function written out."""
    from derive.functions.catalog import CATALOG, derive_entry
    from derive.checker.checks import prepare

    items, results = [], {}
    for name in CATALOG:
        derivation = _bounded(lambda: derive_entry(name), limit, f"derive {name}")
        items.append((name, prepare(derivation.expression, derivation.definitions), derivation.variable))
        results[name] = derivation.unified
    return items, results


def load_extra(spec: str) -> tuple[str, Any]:
    """``MODULE:NAME`` -> (spec, the object)."""
    module, _, name = spec.partition(":")
    if not name:
        raise SystemExit(f"--extra wants MODULE:NAME, got {spec!r}")
    return spec, getattr(importlib.import_module(module), name)


# ---------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"timed runs per call (default {RUNS})")
    parser.add_argument("--budget", type=float, default=BUDGET,
                        help=f"seconds sympy.simplify may take per expression (default {BUDGET:g})")
    parser.add_argument("--limit", type=float, default=LIMIT, help=f"seconds one derive call may take (default {LIMIT:g})")
    parser.add_argument("--cache", choices=("warm", "cold", "both"), default="both",
                        help="warm: after a warm-up; cold: SymPy's cache cleared before every timed call (default both)")
    parser.add_argument("--each", action="store_true", help="also print one line per expression")
    parser.add_argument("--no-size", action="store_true", help="skip the size comparison")
    parser.add_argument("--no-catalog", action="store_true", help="leave the catalog out of the size comparison")
    parser.add_argument("--extra", action="append", default=[], metavar="MODULE:NAME",
                        help="another list of (name, expression, variable) for the size comparison")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)

    extras = [load_extra(spec) for spec in args.extra]   # fail early on a bad --extra
    started = time.perf_counter()
    out: dict[str, Any] = {"python": sys.version.split()[0], "sympy": sympy.__version__, "runs": args.runs,
                           "speed": {}, "expressions": {}}
    known: dict[str, Any] = {}
    for cache in (("warm", "cold") if args.cache == "both" else (args.cache,)):
        rows = [measure(entry, args.runs, cold=cache == "cold", limit=args.limit) for entry in CORPUS]
        out["speed"][cache] = print_speed(rows, args.runs, cache == "cold")
        if args.each:
            print_each(rows)
        print()
        out["expressions"][cache] = [{k: v for k, v in r.items() if k not in ("result", "diff")} for r in rows]
        known = known or {r["text"]: r["result"] for r in rows if r["result"] is not None}
    if not args.no_size:
        items = [(e.text, e.text, e.wrt) for e in CORPUS]
        size_rows, summary = size_comparison(items, budget=args.budget, results=known, title="the corpus")
        out["size"] = {"corpus": {"summary": summary, "rows": size_rows}}
        if not args.no_catalog:
            items, results = catalog_items(args.limit)
            size_rows, summary = size_comparison(items, budget=args.budget, results=results, title="the catalog")
            out["size"]["catalog"] = {"summary": summary, "rows": size_rows}
        for spec, obj in extras:
            size_rows, summary = size_comparison(obj, budget=args.budget, title=spec)
            out["size"][spec] = {"summary": summary, "rows": size_rows}
    print(f"\n(whole run {time.perf_counter() - started:.1f} s; python {out['python']}, sympy {out['sympy']})")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"Figures written to {args.json}")

if __name__ == "__main__":
    main()
