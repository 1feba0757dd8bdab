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
2. In process: the derivation with its checks (`derive.differentiate`), then the rendering of it
   in each format (`derive.printers.render`), after one warm-up each, the printers' memories emptied
   before each render (as a fresh process meets them); the share of the time spent
   printing is render / (derivation and checks + render). Goal: < 25%.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ROOT, cold, ms, ratio_line, summary, warm  # noqa: E402 -- the helpers of bench/run.py

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
              f"share of the time printing {share:6.1%}   goal < {GOAL_SHARE:.0%}: {met}")
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
               "in_process": in_process(text, arguments.runs)}
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
