"""The checker against mutants: real derivations with one step made wrong on purpose.

A sample of derivations (softmax by the quotient rule, the sigmoid, ReLU and leaky ReLU, two
corpus expressions, max(x, 3) with no closed form) gets two mutants of each kind of
tests/mutants.py each; every mutant the oracle there finds really different from the original
(on a set of positive measure) must be rejected by the checker. The oracle itself is tested on
mutants made by hand: one equal to the original is equivalent, one wrong only for x > 3 is not.
The long campaign over every derivation is tests/mutation_campaign.py.
"""

from __future__ import annotations

import functools
import random

import pytest
from sympy import (Abs, Heaviside, IndexedBase, KroneckerDelta, Piecewise, Rational, Symbol, cos, exp, log, sign,
                   sin, sqrt)

from mutants import (KINDS, Mutant, compare, derivations, drop_case, judge, mutants, outcome, verdict,
                     with_after)

SAMPLE = ("softmax quotient", "catalog sigmoid", "catalog relu", "catalog leaky-relu", "corpus x*abs(x)",
          "corpus x^3*exp(2*x)/(1 + x^2)", "piecewise Max(x, 3)")
PER_KIND = 2
SEED = 0

x = Symbol("x")
i, j, k = (Symbol(letter, integer=True) for letter in "ijk")
S = IndexedBase("S")


@functools.lru_cache(maxsize=None)
def sample() -> dict:
    return dict(derivations(SAMPLE))


def sampled(kind: str) -> list[tuple[str, Mutant]]:
    return [(name, mutant) for name, original in sample().items()
            for mutant in mutants(original, [kind], random.Random(f"{SEED}|{name}|{kind}"), per_kind=PER_KIND,
                                  name=name)]


def test_the_sample_derives_and_each_original_is_verified():
    assert list(sample()) == list(SAMPLE)
    for name, original in sample().items():
        said, detail = verdict(original)
        assert said == "verified", f"{name} itself is {said}: {detail}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_mutant_that_really_differs_is_caught(kind):
    differing, escaped = 0, []
    for name, mutant in sampled(kind):
        if judge(mutant, sample()[name]) != "differs":
            continue
        differing += 1
        if outcome(mutant)[0] == "escaped":
            escaped.append(mutant.name)
    assert differing, f"no mutant of kind {kind} in the sample differs from its original"
    assert not escaped, f"{len(escaped)} of {differing} mutants of kind {kind} escaped the checker:\n" + \
        "\n".join(escaped)


def test_softmax_has_mutants_of_every_kind():
    assert {m.kind for m in mutants(sample()["softmax quotient"], KINDS, random.Random(0), per_kind=1)} == set(KINDS)


@pytest.mark.parametrize("name", ["softmax quotient", "catalog relu", "catalog sigmoid"])
def test_mutants_are_the_same_for_the_same_seed_and_keep_the_chain(name):
    original = sample()[name]
    first = list(mutants(original, KINDS, random.Random(7), per_kind=3))
    again = list(mutants(original, KINDS, random.Random(7), per_kind=3))
    assert first and [m.name for m in first] == [m.name for m in again]
    assert [m.derivation.all_steps() for m in first] == [m.derivation.all_steps() for m in again]
    for mutant in first:
        if mutant.kind == "drop_case":
            assert len(mutant.derivation.cases) == len(original.cases) - 1 and mutant.derivation.merge is None
            continue
        steps = mutant.derivation.all_steps()
        changed = [n for n, (a, b) in enumerate(zip(original.all_steps(), steps), start=1) if a.after != b.after]
        assert changed == [mutant.step_number], mutant.name
        assert _follow_on(mutant.derivation), mutant.name


def _follow_on(derivation) -> bool:
    """Each step starts where the one before it ended; a case where the shared steps end."""
    expected = derivation.start
    for step in derivation.steps:
        if step.before != expected:
            return False
        expected = step.after
    if not derivation.cases and derivation.result != expected:
        return False
    shared_end = expected
    for case in derivation.cases:
        expected = shared_end
        for step in case.steps:
            if step.before != expected:
                return False
            expected = step.after
        if case.result != expected:
            return False
    return derivation.merge is None or derivation.merge.before == derivation.result


# --------------------------------------------------------------------------------------------
# The oracle


def by_hand(name: str, number: int, after) -> tuple[Mutant, object]:
    original = sample()[name]
    return Mutant(f"{name}: step {number}, by hand", "by hand", number, with_after(original, number, after)), original


def test_the_oracle_calls_a_mutant_equal_to_the_original_equivalent():
    # ReLU for x > 0 (step 4: 1), with a term that is 0 wherever x > 0
    assert judge(*by_hand("catalog relu", 4, 1 + 7 * Heaviside(-x))) == "equivalent"
    # the sigmoid's result sigma (1 - sigma), multiplied out
    original = sample()["catalog sigmoid"]
    result = original.all_steps()[-1].after
    expanded = result.expand()
    assert expanded != result
    assert judge(*by_hand("catalog sigmoid", len(original.all_steps()), expanded)) == "equivalent"
    # j and k exchanged, in the case j = k
    assert judge(*by_hand("softmax quotient", 14, (1 - S[i, j]) * S[i, k])) == "equivalent"


def test_the_oracle_finds_a_difference_only_for_x_above_3():
    assert judge(*by_hand("catalog relu", 4, 1 + Heaviside(x - 3) * (x - 3))) == "differs"
    # the same change under the case x < 0 is no change at all
    assert judge(*by_hand("catalog relu", 2, Heaviside(x - 3) * (x - 3))) == "equivalent"


def test_the_oracle_finds_a_bump_on_an_interval_of_length_1_and_a_delta_wrong_only_for_i_not_j():
    half = Rational(1, 2)
    bump = Piecewise(((x - 27 + half) * (27 + half - x), (x > 27 - half) & (x < 27 + half)), (0, True))
    assert judge(*by_hand("catalog sigmoid", 6, exp(-x) / (1 + exp(-x))**2 + bump)) == "differs"
    merged = sample()["softmax quotient"].all_steps()[-1].after
    assert judge(*by_hand("softmax quotient", 19, merged.xreplace(
        {KroneckerDelta(j, k): KroneckerDelta(j, k) * KroneckerDelta(i, j)}))) == "differs"


def test_the_oracle_on_expressions_and_a_dropped_case():
    assert compare(sign(x - 3), -1, None) == "differs"
    assert compare(sign(x - 3), -1, x < 3) == "equivalent"
    assert compare(sqrt((x - 3)**2), Abs(x - 3), None) == "equivalent"
    zero = sin(x)**2 + cos(x)**2 - 1  # 0, but about 1e-16 in float: a sign flip of it is no change
    assert compare(zero, -zero, None) == "equivalent"
    # wrong only for x < -4, where log x, the function differentiated, is not real: no difference
    assert compare(1 / x, 1 / x + Heaviside(-4 - x) * (-4 - x), None, domain=log(x)) == "equivalent"
    assert compare(1 / x, 1 / x + Heaviside(x - 3) * (x - 3), None, domain=log(x)) == "differs"
    relu = sample()["catalog relu"]
    assert judge(Mutant("relu without x < 0", "drop_case", 1, drop_case(relu, 0)), relu) == "differs"
