"""A long property campaign: random expression trees over every function derive reads, each
derived, checked and judged by the property of `test_properties.py`, counted by how it ended.

    python tests/campaign.py --examples 10000 --jobs 2 [--seed 0] [--tree-seconds 300] [--json FILE]

Unlike the test (which stops at the first failure and shrinks it), every example runs; each
failure of the property is counted and printed with its expression. Exit 1 if any failed or timed out.
The examples are split over ``--jobs`` processes, each drawing with its own seed.

Each tree has a time bound (``--tree-seconds``): a tree that outlasts it is counted as "timed
out" and listed, so that one slow tree cannot stall a shard; a tree slower than ``--slow``
seconds, and each failure, is printed as soon as it is done. Each shard prints its progress every 500 trees.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import signal
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


ENDINGS = ("verified", "no rule", "not real", "too slow", "no real point", "not real on part", "timed out", "FAILED")


def shard(arguments: tuple[int, int, float, float]) -> tuple[Counter, list[str], float]:
    """Run ``examples`` trees drawn with ``seed``; the tally, the failures and time-outs, the seconds taken."""
    examples, seed, tree_seconds, slow = arguments
    from hypothesis import HealthCheck, Phase, given, seed as fixed_seed, settings

    from derive.rules.limits import TimeLimit, time_limit
    from test_properties import expressions, judge, variables

    import warnings
    warnings.filterwarnings("ignore", message="Generating overly large repr")  # the tree strategy's repr
    tally: Counter = Counter()
    failures: list[str] = []

    @fixed_seed(seed)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(expressions, variables)
    def run(expr, variable):
        began = time.perf_counter()
        try:
            with time_limit(tree_seconds, "the tree"):
                tally[judge(expr, variable)] += 1
        except TimeLimit as bound:
            if bound.what != "the tree":
                raise  # derive let a bound of its own escape: the property fails
            tally["timed out"] += 1
            failures.append(f"timed out after {tree_seconds:g} s: d/d{variable} {expr}")
            print(f"  [seed {seed}] {failures[-1]}", flush=True)
        except Exception as failure:  # noqa: BLE001 -- every way the property fails is counted and shown
            tally["FAILED"] += 1
            failures.append(f"FAILED: d/d{variable} {expr}: {type(failure).__name__}: {str(failure)[:300]}")
            print(f"  [seed {seed}] {failures[-1]}", flush=True)
        took = time.perf_counter() - began
        if took > slow:
            print(f"  [seed {seed}] {took:.0f} s: d/d{variable} {expr}", flush=True)
        done = sum(tally.values())
        if done % 500 == 0:
            print(f"  [seed {seed}] {done} trees in {time.perf_counter() - started:.0f} s: {dict(tally)}", flush=True)

    started = time.perf_counter()
    run()
    return tally, failures, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tree-seconds", type=float, default=300.0, help="time bound of one tree")
    parser.add_argument("--slow", type=float, default=30.0, help="print each tree slower than this")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    share = [options.examples // options.jobs + (job < options.examples % options.jobs) for job in range(options.jobs)]
    work = [(count, options.seed + job, options.tree_seconds, options.slow) for job, count in enumerate(share)]
    started = time.perf_counter()
    if options.jobs == 1:
        results = [shard(work[0])]
    else:
        results = []
        # killed, the campaign takes its workers with it (the pool terminates them on leaving the block)
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        with multiprocessing.get_context("spawn").Pool(options.jobs) as pool:
            for result in pool.imap_unordered(shard, work):  # each shard's count as soon as it is done
                results.append(result)
                print(f"  a shard done in {result[2]:.0f} s: {dict(result[0])}", flush=True)
    tally: Counter = sum((result[0] for result in results), Counter())
    failures = [failure for result in results for failure in result[1]]
    seconds = time.perf_counter() - started
    total = sum(tally.values())
    print(f"property campaign: {total} trees in {seconds:.0f} s ({options.jobs} jobs, seeds "
          f"{options.seed}..{options.seed + options.jobs - 1})")
    for ending in ENDINGS:
        print(f"  {ending:14} {tally[ending]:6}")
    for failure in failures:
        print("  " + failure)
    if options.json:
        options.json.write_text(json.dumps({"tally": dict(tally), "failures": failures, "seconds": seconds}, indent=2))
    return 1 if tally["FAILED"] or tally["timed out"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
