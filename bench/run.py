"""Benchmark of `derive`, every figure set against a baseline measured in the same run.

Run from the repo root:  python bench/run.py [--runs N] [--json FILE] [--limit SECONDS]

This prints figures; it asserts nothing about wall-clock time (it is not a test).
Times are the median (with min and max) of N runs (default 7); a ratio is median/median.

1. Cold start: `derive softmax > /dev/null` in a fresh process each run, against
   `python -c "import sympy"` with the same interpreter (sys.executable). Goal: ratio <= 1.5.
2. `derive --help` against `python -c pass`. Goal: ratio <= 3. Also reports whether running the
   help imports sympy (it should not: the CLI imports sympy only inside commands).
   In 1 and 2 each process starts cold, but the OS file cache is warm (one untimed run of each
   comes first), and the runs of the command and its baseline are interleaved. The project's
   modules are compiled to bytecode first, as an installation compiles them (see `compile_project`).
3. In process: `derive.softmax(check=False)` (derivation only) and `derive.softmax()` (derivation
   plus the checker), against `sympy.diff` of the same softmax expression; after one warm-up
   each, so SymPy's caches are warm on both sides.
4. Growth: d/dx of (x + 1)(x + 2)...(x + n) and of exp(exp(...exp(x)...)) (n deep), for
   n = 2, 4, 8, 16, 32: `derive.differentiate(expr, x, check=False)`, the same with the checker,
   the number of steps, and `sympy.diff(expr, x)` as the baseline. "xN" columns are the growth
   factor of the time when n doubles (2 = linear, 4 = quadratic). An error is printed, not hidden;
   "!" marks a time whose derivation the checker did not verify; one call running past --limit
   seconds (default 60) reads "timeout", and the larger n of that column are skipped.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sympy  # noqa: E402 -- after the path, so that the repo's own derive is imported
import derive  # noqa: E402
from derive.functions.notation import softmax_in  # noqa: E402

SIZES = (2, 4, 8, 16, 32)


def summary(times: list[float]) -> dict:
    """Median, min and max of ``times`` (seconds), in milliseconds."""
    return {"median_ms": statistics.median(times) * 1e3, "min_ms": min(times) * 1e3,
            "max_ms": max(times) * 1e3, "runs": len(times)}


def compile_project() -> None:
    """The project's modules compiled to bytecode (__pycache__, git-ignored), as installing a package
    does (pip compiles every module it installs, SymPy's among them). Without it, where Python
    writes no bytecode of its own (PYTHONDONTWRITEBYTECODE=1), every cold run of derive would
    compile its ~250 modules from source again, a cost no installed package pays and the
    baseline (import sympy, compiled when installed) never pays."""
    import compileall

    for folder in ("derive", "rules"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)
    compileall.compile_file(str(ROOT / "cli.py"), quiet=1)


def cold(commands: dict[str, list[str]], runs: int) -> dict:
    """Each command in a fresh process ``runs`` times (interleaved), after one untimed run each,
    with the project compiled to bytecode first (`compile_project`)."""
    compile_project()
    times: dict[str, list[float]] = {name: [] for name in commands}
    codes: dict[str, set] = {name: set() for name in commands}
    for timed in [False] + [True] * runs:
        for name, command in commands.items():
            start = time.perf_counter()
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
            elapsed = time.perf_counter() - start
            codes[name].add(done.returncode)
            times[name] += [elapsed] if timed else []
    return {name: summary(times[name]) | {"exit_codes": sorted(codes[name])} for name in commands}


def warm(function, runs: int) -> tuple[dict, object]:
    """``function()`` timed ``runs`` times in this process, after one warm-up call; and its last result."""
    result, times = function(), []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return summary(times), result


def ms(f: dict) -> str:
    return f"{f['median_ms']:9.2f} ms  (min {f['min_ms']:.2f}, max {f['max_ms']:.2f})"


def ratio_line(label: str, a: dict, b: dict, goal: float | None = None) -> float:
    value = a["median_ms"] / b["median_ms"]
    met = "" if goal is None else f"   goal <= {goal}: {'met' if value <= goal else 'NOT met'}"
    print(f"  {label:<34} {value:9.2f}x{met}")
    return value


HELP_PROBE = ("import sys; sys.argv = ['derive', '--help']; import cli\n"
              "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
              "print('SYMPY-IMPORTED', 'sympy' in sys.modules, file=sys.stderr)")


def startup(runs: int) -> dict:
    py, found = sys.executable, shutil.which("derive")
    command = [found] if found else [py, "-m", "derive.cli"]
    how = f"derive on PATH: {found}" if found else f"no derive on PATH, so {py} -m cli"
    print(f"Cold start ({runs} runs each; {how}; interpreter {py})")
    fig = cold({"derive softmax": command + ["softmax"], "python -c 'import sympy'": [py, "-c", "import sympy"],
                "derive --help": command + ["--help"], "python -c pass": [py, "-c", "pass"]}, runs)
    for name, figure in fig.items():
        print(f"  {name:<34} {ms(figure)}  exit {figure['exit_codes']}")
    out = {"derive_command": command, "times": fig}
    out["softmax_vs_import_sympy"] = ratio_line("derive softmax / import sympy", fig["derive softmax"],
                                                fig["python -c 'import sympy'"], 1.5)
    out["help_vs_python_pass"] = ratio_line("derive --help / python -c pass", fig["derive --help"],
                                            fig["python -c pass"], 3)
    probe = subprocess.run([py, "-c", HELP_PROBE], capture_output=True, text=True, cwd=ROOT)
    line = [l for l in probe.stderr.splitlines() if l.startswith("SYMPY-IMPORTED")]
    out["help_imports_sympy"] = line[0].split()[1] == "True" if line else None
    shown = {True: "YES (it should not)", False: "no", None: f"unknown: {probe.stderr.strip()[-200:]}"}
    print(f"  derive --help imports sympy: {shown[out['help_imports_sympy']]}")
    return out


def in_process(runs: int) -> dict:
    sm = softmax_in()
    print(f"\nIn process ({runs} runs each after one warm-up)")
    (plain, derivation), (checked, verified), (base, _) = (
        warm(lambda: derive.softmax(check=False), runs), warm(derive.softmax, runs),
        warm(lambda: sympy.diff(sm.expression, sm.variable), runs))
    fig = {"derive.softmax(check=False)": plain, "derive.softmax()": checked, "sympy.diff(softmax)": base}
    for name, figure in fig.items():
        print(f"  {name:<34} {ms(figure)}")
    out = {"times": fig, "steps": len(derivation.all_steps()), "verified": verified.verified}
    print(f"  steps: {out['steps']}; derive.softmax() verified: {out['verified']}")
    out["derivation_vs_sympy"] = ratio_line("softmax(check=False) / sympy.diff", plain, base)
    out["verified_vs_sympy"] = ratio_line("softmax() / sympy.diff", checked, base)
    return out


def timed(function, runs: int, limit: int) -> tuple[tuple[dict, object] | None, str | None]:
    """Like `warm`, but each call may take at most ``limit`` seconds, and an exception ends the
    measurement and is returned as text, with where it arose."""
    from derive.rules.limits import TimeLimit, time_limit

    def bounded():
        with time_limit(limit, "one call"):
            return function()
    try:
        return warm(bounded, runs), None
    except TimeLimit:
        return None, f"TimeLimit: one call took over {limit} s; stopped (larger n skipped)"
    except Exception as error:  # noqa: BLE001 -- shown under the table, never hidden
        frames = traceback.extract_tb(error.__traceback__)
        ours = [f for f in frames if str(ROOT) in f.filename]
        where = [f"{Path(f.filename).name}:{f.lineno}" for f in (ours[-1:] + frames[-1:])]
        return None, f"{type(error).__name__}: {str(error)[:100] or '(no message)'} at {' <- '.join(where[::-1])}"


def growth(title: str, build, runs: int, limit: int) -> list[dict]:
    x = sympy.Symbol("x")
    print(f"\nGrowth: {title} ({runs} runs each after one warm-up; ms; xN = time(n) / time(n/2))")
    print(f"  {'n':>3} {'steps':>6} {'derive':>9} {'xN':>5} {'checked':>9} {'xN':>5} {'sympy':>9} {'xN':>5}"
          f" {'derive/sympy':>13} {'checked/sympy':>14}")
    rows, notes, last, stopped = [], [], {}, set()
    for n in SIZES:
        expr, row, cells = build(x, n), {"n": n, "steps": None}, []
        calls = {"derive": lambda: derive.differentiate(expr, x, check=False),
                 "checked": lambda: derive.differentiate(expr, x), "sympy": lambda: sympy.diff(expr, x)}
        for key, call in calls.items():
            measured, error = (None, "skipped: a smaller n ran past the time limit") if key in stopped \
                else timed(call, runs, limit)
            figure, result = measured or (None, None)
            median, flag = (figure["median_ms"] if figure else None), " "
            row[key], row[f"{key}_growth"] = figure, (median / last[key] if median and last.get(key) else None)
            last[key] = median
            if key == "derive" and result is not None:
                row["steps"] = len(result.all_steps())
            if key == "checked" and result is not None and not result.verified:
                flag, failed = "!", [f"{c.subject}: {c.detail}"[:140] for c in result.verification.failures]
                row["check_failures"] = failed
                notes.append(f"  n={n} checked: NOT verified, {len(failed)} checks failed; first: {failed[0]}")
            if error:
                row[f"{key}_error"] = error
                notes.append(f"  n={n} {key}: {error}")
                stopped |= {key} if error.startswith("TimeLimit") else set()
            label = {"s": "skipped", "T": "timeout"}.get((error or "e")[0], "error")
            grown = row[f"{key}_growth"]
            cells += [f"{median:8.2f}{flag}" if median else f"{label:>9}", f"{grown:5.1f}" if grown else f"{'-':>5}"]
        for key, width in (("derive", 13), ("checked", 14)):
            value = row[key]["median_ms"] / row["sympy"]["median_ms"] if row[key] and row["sympy"] else None
            row[f"{key}_vs_sympy"] = value
            cells.append(f"{value:{width - 1}.1f}x" if value else f"{'-':>{width}}")
        print(f"  {n:>3} {row['steps'] if row['steps'] is not None else '-':>6} " + " ".join(cells))
        rows.append(row)
    if notes:
        print("\n".join(notes + ["  (! = timed, but the checker did not verify every step)"]))
    return rows


def product(x, n: int):
    return sympy.Mul(*[x + i for i in range(1, n + 1)])


def tower(x, n: int):
    return x if n == 0 else sympy.exp(tower(x, n - 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (default 7)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--limit", type=int, default=60, help="seconds one growth call may take (default 60)")
    args = parser.parse_args()
    results = {"python": sys.version.split()[0], "runs": args.runs, "startup": startup(args.runs),
               "in_process": in_process(args.runs),
               "growth_product": growth("(x + 1)(x + 2)...(x + n)", product, args.runs, args.limit),
               "growth_exp_tower": growth("exp(exp(...exp(x)...)), n deep", tower, args.runs, args.limit)}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"\nFigures written to {args.json}")


if __name__ == "__main__":
    main()
