"""Benchmark: the printers on the product of 32 factors x^1 sin(1x) x^2 sin(2x) ... x^32 sin(32x),
against baselines measured in the same run.

Run from the repo root:  python bench/printers.py [--runs N] [--factors 16]

It prints figures and asserts nothing about wall-clock time (it is not a test). Timed, median of
``--runs`` runs (time.perf_counter), in ms:
  derive    derive.differentiate(f, x, check=False)       the derivation the printers tell
  naive     sympy.latex(step.after) for every step         every whole expression printed afresh
  latex, html, markdown, json, text    derivation.render(format)
Ratios: each printer's time over ``derive`` and over ``naive``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from sympy import latex, sin, symbols


def timed(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--factors", type=int, default=32)
    arguments = parser.parse_args()
    import derive

    x = symbols("x")
    f = 1
    for i in range(1, arguments.factors + 1):
        f *= x ** i * sin(i * x)
    derivation = derive.differentiate(f, x, check=False)
    figures = {"derive": timed(lambda: derive.differentiate(f, x, check=False), arguments.runs),
               "naive": timed(lambda: [latex(step.after) for step in derivation.all_steps()], arguments.runs)}
    for format in ("latex", "html", "markdown", "json", "text"):
        figures[format] = timed(lambda: derivation.render(format), arguments.runs)
    print(f"product of {arguments.factors} factors x^i sin(ix): {len(derivation.all_steps())} steps, "
          f"median of {arguments.runs} runs")
    print(f"{'':10}{'ms':>10}{'/ derive':>10}{'/ naive':>10}")
    for name, ms in figures.items():
        print(f"{name:10}{ms:10.0f}{ms / figures['derive']:10.2f}{ms / figures['naive']:10.2f}")


if __name__ == "__main__":
    main()
