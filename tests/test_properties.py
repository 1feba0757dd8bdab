"""Property tests: random expression trees, derived with the rules and checked.

Every derivation either finishes with every step verified and a result equal to sympy.diff
(the checker's own comparison), or stops with a clear NoRuleApplies naming the sub-expression;
never an uncaught exception, never an unverified step shown as proven.

CI runs a moderate number of examples. A long campaign:

    DERIVE_EXAMPLES=10000 python -m pytest -q tests/test_properties.py -s
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import Integer, Symbol, exp, log

import derive

EXAMPLES = int(os.environ.get("DERIVE_EXAMPLES", "60"))
x, y = Symbol("x"), Symbol("y")
TALLY = {"verified": 0, "no rule": 0}

leaves = st.sampled_from([x, y, Integer(1), Integer(2), Integer(3), Integer(-1)])


def extend(children):
    return st.one_of(
        st.tuples(children, children).map(lambda ab: ab[0] + ab[1]),
        st.tuples(children, children).map(lambda ab: ab[0] * ab[1]),
        st.tuples(children, children).map(lambda ab: ab[0] / ab[1] if ab[1] != 0 else ab[0]),
        st.tuples(children, st.integers(-3, 3)).map(lambda an: an[0] ** an[1] if an[0] != 0 else an[0]),
        children.map(exp),
        children.map(lambda a: log(a) if a != 0 else a),
    )


expressions = st.recursive(leaves, extend, max_leaves=12)


@pytest.fixture(scope="module", autouse=True)
def tally():
    """Says, at the end (visible with -s), how many derivations were verified and how many stopped."""
    yield TALLY
    print(f"\nproperty campaign: {TALLY['verified']} verified, {TALLY['no rule']} stopped at a derivative no rule covers")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_every_derivation_is_verified_or_names_what_no_rule_covers(expr):
    try:
        derivation = derive.differentiate(expr, x)
    except derive.NoRuleApplies as stopped:
        assert "Derivative" in str(stopped)
        TALLY["no rule"] += 1
        return
    failures = derivation.verification.failures
    assert derivation.verified, (expr, [(c.subject, c.detail) for c in failures])
    assert all(check.passed for check in derivation.verification.steps)
    TALLY["verified"] += 1
