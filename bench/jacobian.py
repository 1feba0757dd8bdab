"""Benchmark: the proven N x N softmax Jacobian against SymPy's, for N = 8, 16, 32, 64, in one run.

Run from the repo root:  python bench/jacobian.py [--runs N] [--limit SECONDS] [--sizes 8,16,32,64]

This prints figures; it asserts nothing (it is not a test). Times are in ms, the median of
``--runs`` runs (a call over 1 s is run once). SymPy's cache is cleared before every timed call
on both sides, so neither side reuses the other's (or its own earlier) work.

derive (the symbolic proof is done once, for general L, before any timing; its time is printed):
  instantiate    derive.functions.jacobian.instantiate(d, N): the proven result with j, k and L set
  inst+checks    derive.functions.jacobian.at(derive.functions.jacobian.jacobian(d, N, prove_up_to=0), z): the same,
                 plus the check that it is diag(S) - S S^T, the properties' symbolic reasons (at
                 N = 3), S at a random point (30 digits, max-subtraction) and the five numeric
                 property checks there; no comparison with SymPy's Jacobian
sympy (the explicit N-input softmax built from plain symbols z1..zN):
  jacobian       Matrix(softmax).jacobian(z)
  +simplify      the same, then sympy.simplify of every entry
A SymPy call running past --limit seconds (default 60) is stopped and reads "timeout"; that column
is skipped for the larger N. Ratios are derive / sympy: below 1 means derive is faster.
"""

from __future__ import annotations

import argparse
import random
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sympy  # noqa: E402 -- after the path, so that the repo's own derive is imported
from sympy.core.cache import clear_cache  # noqa: E402

import derive  # noqa: E402
from derive.functions.jacobian import at, instantiate, jacobian  # noqa: E402

SIZES = (8, 16, 32, 64)


class TimeLimit(BaseException):
    """A call ran past --limit seconds (a BaseException: no `except Exception` swallows it)."""


def _alarm(signum, frame):
    raise TimeLimit()


def timed(function, runs: int, limit: int | None = None) -> float | None:
    """Median milliseconds of ``function()`` (one run if it takes over 1 s); None past ``limit`` s."""
    times = []
    for _ in range(runs):
        clear_cache()
        if limit:
            signal.signal(signal.SIGALRM, _alarm)
            signal.alarm(limit)
        try:
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        except TimeLimit:
            return None
        finally:
            if limit:
                signal.alarm(0)
        if times[-1] > 1:
            break
    return statistics.median(times) * 1e3


def explicit_softmax(n: int):
    z = sympy.symbols(f"z1:{n + 1}")
    total = sympy.Add(*[sympy.exp(x) for x in z])
    return sympy.Matrix([sympy.exp(x) / total for x in z]), z


def sympy_jacobian(n: int):
    vector, z = explicit_softmax(n)
    return vector.jacobian(z)


def sympy_simplified(n: int):
    return sympy_jacobian(n).applyfunc(sympy.simplify)


def cell(value: float | None, skipped: bool = False) -> str:
    if skipped:
        return f"{'skipped':>11}"
    return f"{'timeout':>11}" if value is None else f"{value:11.1f}"


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:11.4f}x" if a is not None and b else f"{'-':>12}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5; a call over 1 s runs once)")
    parser.add_argument("--limit", type=int, default=60, help="seconds a SymPy call may take (default 60)")
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES),
                        help="comma-separated N (default 8,16,32,64)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]

    start = time.perf_counter()
    d = derive.softmax()
    proof = (time.perf_counter() - start) * 1e3
    print(f"The general derivation (once, for every L): derive.softmax() {proof:.1f} ms, verified: {d.verified}")
    print(f"Times in ms (median of up to {args.runs} runs; SymPy's cache cleared before each); "
          f"ratios derive / sympy; SymPy calls stopped after {args.limit} s\n")
    print(f"{'N':>4} {'instantiate':>11} {'inst+checks':>11} {'jacobian':>11} {'+simplify':>11}"
          f" {'inst/jac':>12} {'checks/jac':>12} {'inst/simpl':>12} {'checks/simpl':>12}")
    stopped = {"jacobian": False, "simplify": False}
    rng = random.Random(0)
    notes = []
    for n in sizes:
        values = [rng.uniform(-3, 3) for _ in range(n)]
        inst = timed(lambda: instantiate(d, n), args.runs)
        holder = {}

        def checked():
            holder["at"] = at(jacobian(d, n, prove_up_to=0), values)

        full = timed(checked, args.runs)
        if not holder["at"].verified:
            notes.append(f"  N={n}: a check FAILED: {holder['at'].failures[0].subject}")
        skipped_jacobian = stopped["jacobian"]
        jac = None if skipped_jacobian else timed(lambda: sympy_jacobian(n), args.runs, args.limit)
        stopped["jacobian"] |= jac is None
        simp = None if stopped["simplify"] else timed(lambda: sympy_simplified(n), args.runs, args.limit)
        skipped_simplify = stopped["simplify"]
        stopped["simplify"] |= simp is None
        print(f"{n:>4} {cell(inst)} {cell(full)} {cell(jac, skipped_jacobian)}"
              f" {cell(simp, skipped_simplify)} {ratio(inst, jac)} {ratio(full, jac)} {ratio(inst, simp)}"
              f" {ratio(full, simp)}")
    if notes:
        print("\n".join(notes))
    print("\n(timeout: that SymPy call ran past the limit and was stopped; skipped: a smaller N timed out)")


if __name__ == "__main__":
    main()
