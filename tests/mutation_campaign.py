"""A long mutation campaign: every derivation, mutants of each kind, judged and checked.

    python tests/mutation_campaign.py --per-kind 2 --seed 0 [--jobs 2] [--only softmax] [--seconds 120] [--show 5]

Every derivation of tests/mutants.py (softmax routes, backward pass, cross-entropy, catalog,
corpus, functions defined piece by piece) is checked unchanged first: one the checker does not
verify as it stands is listed and its mutants are not run. Of each verified one, ``--per-kind``
mutants of each kind are drawn (with ``--seed``); the oracle of tests/mutants.py judges whether
each really differs from the original, and each that does goes to the checker, within
``--seconds``. Printed by kind: built, equivalent (the oracle finds no difference), undecided
(the oracle could evaluate nothing), caught, escaped (the first ``--show`` named), errors (the
checker raised or ran out of time), and the total time. Exit 1 if any mutant escaped.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

COLUMNS = ("built", "equivalent", "undecided", "caught", "escaped", "errors")


def campaign(arguments: tuple[str, int, int, float]) -> dict:
    """The tally of one derivation's mutants: counts by (kind, column), the escapes and errors named."""
    name, per_kind, seed, seconds = arguments
    from mutants import KINDS, derivations, judge, mutants, outcome, verdict

    began = time.perf_counter()
    tally: Counter = Counter()
    escapes, errors = [], []
    found = derivations([name])
    if not found:
        return {"name": name, "tally": tally, "escapes": escapes, "errors": errors,
                "skipped": "does not derive", "seconds": time.perf_counter() - began}
    (_, original), = found
    said, detail = verdict(original, seconds)
    if said != "verified":
        return {"name": name, "tally": tally, "escapes": escapes, "errors": errors,
                "skipped": f"not verified as it stands ({said}: {detail})", "seconds": time.perf_counter() - began}
    for mutant in mutants(original, KINDS, random.Random(f"{seed}|{name}"), per_kind=per_kind, name=name):
        tally[mutant.kind, "built"] += 1
        judged = judge(mutant, original)
        if judged != "differs":
            tally[mutant.kind, judged] += 1
            continue
        result, detail = outcome(mutant, seconds)
        if result == "caught":
            tally[mutant.kind, "caught"] += 1
        elif result == "escaped":
            tally[mutant.kind, "escaped"] += 1
            escapes.append((mutant.kind, mutant.name))
        else:
            tally[mutant.kind, "errors"] += 1
            errors.append((mutant.kind, f"{mutant.name}: {detail}"))
    return {"name": name, "tally": tally, "escapes": escapes, "errors": errors, "skipped": "",
            "seconds": time.perf_counter() - began}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=2, help="mutants of each kind drawn from each derivation")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", action="append", default=[],
                        help="only the derivations whose name holds this text (repeatable)")
    parser.add_argument("--seconds", type=float, default=120.0, help="time bound of one verification")
    parser.add_argument("--show", type=int, default=5, help="escapes named per kind")
    options = parser.parse_args()

    from mutants import KINDS, derivation_names

    names = [name for name in derivation_names() if not options.only or any(part in name for part in options.only)]
    work = [(name, options.per_kind, options.seed, options.seconds) for name in names]
    started = time.perf_counter()
    results = []
    if options.jobs == 1:
        for arguments in work:
            results.append(campaign(arguments))
            report_progress(results, len(work), started)
    else:
        # killed, the campaign takes its workers with it (the pool terminates them on leaving the block)
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        with multiprocessing.get_context("spawn").Pool(options.jobs) as pool:
            for result in pool.imap_unordered(campaign, work):
                results.append(result)
                report_progress(results, len(work), started)
    seconds = time.perf_counter() - started

    tally: Counter = sum((result["tally"] for result in results), Counter())
    order = {name: position for position, name in enumerate(names)}
    results.sort(key=lambda result: order[result["name"]])
    print(f"mutation campaign: {len(names)} derivations, {options.per_kind} mutants of each kind from each, "
          f"seed {options.seed}, {seconds:.0f} s ({options.jobs} job{'s' if options.jobs > 1 else ''})")
    print(f"  {'kind':12}" + "".join(f"{column:>11}" for column in COLUMNS))
    for kind in KINDS:
        print(f"  {kind:12}" + "".join(f"{tally[kind, column]:11}" for column in COLUMNS))
    print(f"  {'all':12}" + "".join(f"{sum(tally[kind, column] for kind in KINDS):11}" for column in COLUMNS))
    skipped = [result for result in results if result["skipped"]]
    if skipped:
        print(f"derivations left out ({len(skipped)}):")
        for result in skipped:
            print(f"  {result['name']}: {result['skipped']}")
    escapes = [escape for result in results for escape in result["escapes"]]
    for kind in KINDS:
        named = [name for which, name in escapes if which == kind]
        if named:
            print(f"escaped, {kind} ({len(named)}):")
            for name in named[:options.show]:
                print(f"  {name}")
            if len(named) > options.show:
                print(f"  ... and {len(named) - options.show} more")
    errors = [error for result in results for error in result["errors"]]
    if errors:
        print(f"errors ({len(errors)}):")
        for kind, error in errors[:options.show * 4]:
            print(f"  [{kind}] {error}")
    slow = sorted(results, key=lambda result: -result["seconds"])[:3]
    print("slowest: " + ", ".join(f"{result['name']} {result['seconds']:.0f} s" for result in slow))
    return 1 if escapes else 0


def report_progress(results: list, total: int, started: float) -> None:
    if len(results) % 10 == 0 or len(results) == total:
        print(f"  {len(results)} of {total} derivations in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
