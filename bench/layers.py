"""Benchmark of the layers of the catalog, every figure against a baseline measured in the same run.

Run from the repo root:  python bench/layers.py [--runs N] [--json FILE] [NAME ...]

This prints figures; it asserts nothing about wall-clock time (it is not a test).

1. Cold: `derive NAME > /dev/null` in a fresh process each run, against `derive softmax` in the
   same run (the runs interleaved, after one untimed run of each). Goal: ratio <= 3.
2. In process: the derivation of each layer alone (check=False) and with the checker, after one
   warm-up, in milliseconds, against `derive.softmax()` the same way.
3. Backward: `layer_backward(NAME)` (the layer's proven derivative, then the vector-Jacobian
   product derived and checked) against `derive_entry(NAME)` (the layer's derivative, checked), in
   process, for the layers that take --backward.
4. Lemmas: `derive_entry(NAME)` (each named part's derivative derived once as a lemma, checked,
   then used) against the same problem on the path that unfolds every part under the derivative
   (`derive` then `verify`, no lemma), in process, with the steps of each.
5. At a point: `layer_at` (the proven result instantiated, the layer evaluated, central differences)
   for the layers whose output and input differ, at a fixed small point, against layernorm's 4 x 4
   matrix at 1,2,3,5, in process, the derivation done once beforehand.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import derive  # noqa: E402
from derive.functions.catalog import derive_entry  # noqa: E402
from run import cold, ms, ratio_line, warm  # noqa: E402

LAYERS = ("l2-normalize", "rmsnorm", "layernorm", "batchnorm", "linear", "linear-backward", "attention-score",
          "attention-query", "attention-value")
GOAL = 3


def command() -> list[str]:
    found = shutil.which("derive")
    return [found] if found else [sys.executable, "-m", "derive.cli"]


def cold_start(names, runs: int) -> dict:
    base = command()
    print(f"Cold: each command in a fresh process, {runs} runs each, interleaved ({' '.join(base)})")
    fig = cold({"softmax": base + ["softmax"], **{name: base + [name] for name in names}}, runs)
    for name, figure in fig.items():
        print(f"  derive {name:<28} {ms(figure)}  exit {figure['exit_codes']}")
    ratios = {name: ratio_line(f"derive {name} / derive softmax", fig[name], fig["softmax"], GOAL) for name in names}
    return {"times": fig, "ratios": ratios}


def in_process(names, runs: int) -> dict:
    print(f"\nIn process ({runs} runs each after one warm-up)")
    (plain, _), (checked, _) = warm(lambda: derive.softmax(check=False), runs), warm(derive.softmax, runs)
    print(f"  {'softmax: derivation':<34} {ms(plain)}")
    print(f"  {'softmax: derivation + checker':<34} {ms(checked)}")
    out = {"softmax": {"derivation": plain, "verified": checked}}
    for name in names:
        (alone, derivation), (both, verified) = (warm(lambda: derive_entry(name, check=False), runs),
                                                 warm(lambda: derive_entry(name), runs))
        print(f"  {name + ': derivation':<34} {ms(alone)}   {len(derivation.all_steps())} steps")
        print(f"  {name + ': derivation + checker':<34} {ms(both)}   verified: {verified.verified}")
        out[name] = {"derivation": alone, "verified": both, "steps": len(derivation.all_steps()),
                     "proven": verified.verified,
                     "derivation_vs_softmax": ratio_line(f"{name} / softmax, derivation", alone, plain),
                     "verified_vs_softmax": ratio_line(f"{name} / softmax, with the checker", both, checked)}
    return out


def backward(names, runs: int) -> dict:
    from derive.functions.catalog import CATALOG
    from derive.functions.layer_backward import layer_backward

    print(f"\nBackward ({runs} runs each after one warm-up), against the layer's own derivative")
    out = {}
    for name in [name for name in names if "--backward" in CATALOG[name].options]:
        (forward, _), (both, derivation) = warm(lambda: derive_entry(name), runs), warm(lambda: layer_backward(name), runs)
        print(f"  {name + ' --backward':<34} {ms(both)}   {len(derivation.all_steps())} steps, "
              f"verified: {derivation.verified}")
        out[name] = {"forward": forward, "backward": both, "proven": derivation.verified,
                     "backward_vs_forward": ratio_line(f"{name}: backward / derivative", both, forward)}
    return out


def lemmas(names, runs: int) -> dict:
    from derive.checker.checks import verify
    from derive.engine.run import derive as unfolding
    from derive.functions.catalog import CATALOG

    print(f"\nLemmas ({runs} runs each after one warm-up), against unfolding every named part")
    out = {}
    for name in names:
        problem = CATALOG[name].build()

        def unfolded(problem=problem):
            return verify(unfolding(problem.expression, problem.variable, problem.route,
                                    definitions=problem.definitions, closed_form=problem.closed_form))

        (before, old), (after, new) = warm(unfolded, runs), warm(lambda: derive_entry(name), runs)
        if not new.lemmas:
            continue
        told = sum(len(lemma.all_steps()) for lemma in new.lemmas) + len(new.all_steps())
        print(f"  {name:<34} {ms(after)}   {len(new.lemmas)} lemmas, {told} steps in all "
              f"(unfolding: {ms(before)}, {len(old.all_steps())} steps); proven: {new.verified}")
        out[name] = {"unfolding": before, "lemmas": after, "steps": told, "steps_unfolding": len(old.all_steps()),
                     "proven": new.verified,
                     "lemmas_vs_unfolding": ratio_line(f"{name}: with lemmas / unfolding", after, before)}
    return out


POINTS = {"attention-query": "q=1,2 K=1,0;0,1;1,1", "attention-value": "q=1,2 K=1,0;0,1;1,1 V=1,2;3,4;5,6",
          "linear": "x=1,2 W=1,2;3,4;5,6 b=0,1,0"}


def at_point(names, runs: int) -> dict:
    from derive.functions.catalog import CATALOG
    from derive.functions.layer_jacobian import layer_at

    print(f"\nAt a point ({runs} runs each after one warm-up), against layernorm --at 1,2,3,5")
    square = derive_entry("layernorm")
    baseline, _ = warm(lambda: layer_at(square, "1,2,3,5"), runs)
    print(f"  {'layernorm --at 1,2,3,5':<34} {ms(baseline)}")
    out = {}
    for name in [name for name in names if name in POINTS]:
        derivation, lengths = derive_entry(name), dict(CATALOG[name].build().lengths)
        figure, record = warm(lambda: layer_at(derivation, POINTS[name], lengths=lengths), runs)
        print(f"  {name + ' --at':<34} {ms(figure)}   {len(record.numeric)}×{len(record.inputs)}, "
              f"verified: {record.verified}")
        out[name] = {"at": figure, "proven": record.verified,
                     "at_vs_layernorm": ratio_line(f"{name} --at / layernorm --at", figure, baseline)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(LAYERS))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    result = {"cold": cold_start(arguments.names, arguments.runs),
              "in_process": in_process(arguments.names, arguments.runs),
              "backward": backward(arguments.names, arguments.runs),
              "lemmas": lemmas(arguments.names, arguments.runs),
              "at_point": at_point(arguments.names, arguments.runs)}
    if arguments.json:
        arguments.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
