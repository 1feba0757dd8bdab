"""Benchmark of printing: the product of 32 factors x^i sin(ix), in every format, against SymPy.

Run from the repo root:  python bench/printing.py [--runs N] [--factors N] [--json FILE]

This prints figures; it asserts nothing about wall-clock time (it is not a test). Every figure is
set against a baseline measured in the same run (see bench/run.py, whose helpers it uses).

1. Cold: `derive expr <product> --wrt x --format F > /dev/null` in a fresh process, for each
   format the command line knows (text, markdown, latex, json; html when there is one), against
   `python -c "import sympy; x = sympy.Symbol('x'); sympy.diff(<product>, x)"` (sin written
   sympy.sin), a fresh process
   too. Goal: ratio <= 3.
   A command that fails shows its exit code beside its time (every one should be 0).
2. Cold, by phase: for each format, a fresh `python -c` process (the same interpreter, the repo on
   sys.path) that imports derive and the format's printer, derives the product with its checks and
   renders it, and reports on stdout, as JSON, the time of each of the three phases (imports,
   derivation and checks, rendering) measured inside it. Printed per format: the median of each
   phase over the runs, the median of the whole process's wall time measured from outside (start
   of the interpreter to its exit), and the cold share of the time printing: median render /
   median whole process. Goal: < 25%.
3. In process: the derivation with its checks (`derive.differentiate`), then the rendering of it
   in each format (`derive.printers.render`), after one warm-up each, the printers' memories emptied
   before each render (as a fresh process meets them); the in-process share of the time spent
   printing is render / (derivation and checks + render), SymPy's caches warm and no imports or
   interpreter start counted. Goal: < 25%.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ROOT, cold, compile_project, ms, ratio_line, summary, warm  # noqa: E402 -- bench/run.py's helpers

import derive  # noqa: E402
from derive.printers import FORMATS, render  # noqa: E402
from derive.show import forget  # noqa: E402

GOAL_RATIO, GOAL_SHARE = 3.0, 0.25


def product_text(factors: int) -> str:
    """x**1*sin(1*x)*x**2*sin(2*x)*...: the product of ``factors`` factors x^i sin(ix)."""
    return "*".join(f"x**{i}*sin({i}*x)" for i in range(1, factors + 1))


def cold_figures(text: str, runs: int) -> dict:
    py = sys.executable
    commands = {f"derive expr --format {format}": [py, "-m", "derive.cli", "expr", text, "--wrt", "x",
                                                   "--format", format]
                for format in FORMATS}
    baseline = f"import sympy; x = sympy.Symbol('x'); sympy.diff({text.replace('sin(', 'sympy.sin(')}, x)"
    commands["python -c sympy.diff"] = [py, "-c", baseline]
    print(f"Cold ({runs} runs each, interleaved, after one untimed run; interpreter {py})")
    figures = cold(commands, runs)
    for name, figure in figures.items():
        print(f"  {name:<34} {ms(figure)}  exit {figure['exit_codes']}")
    ratios = {name: ratio_line(f"{name} / sympy.diff", figures[name], figures["python -c sympy.diff"], GOAL_RATIO)
              for name in commands if name != "python -c sympy.diff"}
    return {"times": figures, "ratios": ratios}


# Run as `python -c PHASES <format> <expression>` in a fresh process: one line of JSON on stdout.
PHASES = """\
import time
start = time.perf_counter()
import importlib, json, sys
sys.path.insert(0, {root!r})
sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
import derive
from derive.printers import render
importlib.import_module("derive.printers." + sys.argv[1])
imported = time.perf_counter()
derivation = derive.differentiate(sys.argv[2], "x")
derived = time.perf_counter()
written = render(derivation, sys.argv[1])
rendered = time.perf_counter()
print(json.dumps({{"imports": imported - start, "derivation": derived - imported, "render": rendered - derived,
                  "verified": derivation.verified, "characters": len(written)}}))
"""
PHASE_NAMES = ("imports", "derivation", "render")


def cold_by_phase(text: str, runs: int, formats=FORMATS) -> dict:
    """For each format, ``runs`` fresh processes (interleaved, after one untimed run each) that
    import, derive with the checks and render (`PHASES`): the median of each phase as the process
    measured it, the whole process's wall time measured from here, and the share printing."""
    print(f"\nCold, by phase ({runs} runs each, interleaved, after one untimed run; each phase timed inside "
          f"the process, the whole process from outside)")
    compile_project()
    code = PHASES.format(root=str(ROOT))
    seen: dict[str, list[dict]] = {format: [] for format in formats}
    for timed in [False] + [True] * runs:
        for format in formats:
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", code, format, text], capture_output=True, text=True,
                                  cwd=ROOT)
            whole = time.perf_counter() - start
            if done.returncode != 0:
                raise RuntimeError(f"cold {format} run failed (exit {done.returncode}): {done.stderr.strip()[-500:]}")
            if timed:
                seen[format].append(json.loads(done.stdout.splitlines()[-1]) | {"whole": whole})
    out = {}
    for format, rows in seen.items():
        medians = {name: statistics.median(row[name] for row in rows) * 1e3 for name in (*PHASE_NAMES, "whole")}
        share = medians["render"] / medians["whole"]
        verified = all(row["verified"] for row in rows)
        out[format] = {"median_ms": medians, "share": share, "verified": verified, "runs": len(rows)}
        met = "met" if share < GOAL_SHARE else "NOT met"
        print(f"  {format:<9} imports {medians['imports']:7.1f} ms   derivation and checks "
              f"{medians['derivation']:7.1f} ms   render {medians['render']:7.1f} ms   whole process "
              f"{medians['whole']:7.1f} ms{'' if verified else '  (NOT proven)'}")
        print(f"  {'':<9} cold share of the time printing (render / whole process) {share:6.1%}   "
              f"goal < {GOAL_SHARE:.0%}: {met}")
    return out


def in_process(text: str, runs: int) -> dict:
    print(f"\nIn process ({runs} runs each after one warm-up)")
    derived, derivation = warm(lambda: derive.differentiate(text, "x"), runs)
    print(f"  {'derivation and checks':<34} {ms(derived)}  ({len(derivation.all_steps())} steps, "
          f"{'proven' if derivation.verified else 'NOT proven'})")
    out = {"derive_and_check": derived, "render": {}, "share": {}}
    for format in FORMATS:
        times = []
        for timed in [False] + [True] * runs:
            forget()  # the printers' memories empty, as in a fresh process (SymPy's caches stay warm)
            start = time.perf_counter()
            written = render(derivation, format)
            times += [time.perf_counter() - start] if timed else []
        figure = summary(times)
        share = figure["median_ms"] / (figure["median_ms"] + derived["median_ms"])
        out["render"][format], out["share"][format] = figure, share
        met = "met" if share < GOAL_SHARE else "NOT met"
        print(f"  render {format:<27} {ms(figure)}  {len(written):>9,} characters; "
              f"in-process share of the time printing {share:6.1%}   goal < {GOAL_SHARE:.0%}: {met}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--factors", type=int, default=32, help="how many factors x^i sin(ix) (default 32)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    arguments = parser.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    text = product_text(arguments.factors)
    print(f"The product of {arguments.factors} factors x^i sin(ix), {len(text)} characters of input; from {ROOT}\n")
    figures = {"factors": arguments.factors, "cold": cold_figures(text, arguments.runs),
               "cold_by_phase": cold_by_phase(text, arguments.runs), "in_process": in_process(text, arguments.runs)}
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
