"""A long property campaign: random expression trees over every function derive reads, each
derived, checked and judged by the property of `test_properties.py`, counted by how it ended.

    python tests/campaign.py --examples 10000 --jobs 2 [--seed 0] [--json FILE]

Unlike the test (which stops at the first failure and shrinks it), every example runs; each
failure of the property is counted and printed with its expression. Exit 1 if any failed.
The examples are split over ``--jobs`` processes, each drawing with its own seed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def shard(arguments: tuple[int, int]) -> tuple[Counter, list[str], float]:
    """Run ``examples`` trees drawn with ``seed``; the tally, the failures, the seconds taken."""
    examples, seed = arguments
    from hypothesis import HealthCheck, Phase, given, seed as fixed_seed, settings

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
        try:
            tally[judge(expr, variable)] += 1
        except Exception as failure:  # noqa: BLE001 -- every way the property fails is counted and shown
            tally["FAILED"] += 1
            failures.append(f"d/d{variable} {expr}: {type(failure).__name__}: {str(failure)[:300]}")

    started = time.perf_counter()
    run()
    return tally, failures, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    share = [options.examples // options.jobs + (job < options.examples % options.jobs) for job in range(options.jobs)]
    work = [(count, options.seed + job) for job, count in enumerate(share)]
    started = time.perf_counter()
    if options.jobs == 1:
        results = [shard(work[0])]
    else:
        results = []
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
    for ending in ("verified", "no rule", "not real", "no real point", "FAILED"):
        print(f"  {ending:14} {tally[ending]:6}")
    for failure in failures:
        print("  failed:", failure)
    if options.json:
        options.json.write_text(json.dumps({"tally": dict(tally), "failures": failures, "seconds": seconds}, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
