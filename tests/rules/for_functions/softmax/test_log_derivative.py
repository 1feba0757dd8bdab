"""log-derivative: d/dx f = f d/dx log f, where f > 0 (an exponential over a sum of exponentials)"""

import random

import pytest
from sympy import Rational, Sum, UnevaluatedExpr, exp, log

from derive.rules.for_functions.softmax.log_derivative import log_derivative_rule


def _softmax(s):
    return exp(s.z[s.i, s.j]) / s.denominator


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (_softmax(s), s.z[s.i, s.k]), id="softmax S_ij w.r.t. z_ik"),
    pytest.param(lambda s: (exp(s.z[s.i, s.j]) / s.denominator, s.z[s.i, s.j]), id="softmax w.r.t. z_ij"),
    pytest.param(lambda s: (exp(s.x) / (exp(s.x) + exp(s.y)), s.x), id="e^x / (e^x + e^y)"),
    pytest.param(lambda s: (exp(s.x) / (exp(s.x) + exp(s.y) + exp(s.w)), s.y), id="three exponentials"),
    pytest.param(lambda s: (exp(2 * s.x) / Sum(exp(s.z[s.l]), (s.l, 1, s.L)), s.x),
                 id="any exponent upstairs, a Sum of exponentials downstairs"),
])
def test_log_derivative_rewrites(sym, build, justifies):
    f, x = build(sym)
    node = sym.d(f, x)
    rewrite = log_derivative_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == UnevaluatedExpr(f) * sym.d(log(f), x)
    assert rewrite.bindings == {"f": f, "x": x}
    justifies(log_derivative_rule, rewrite, node)


def test_log_derivative_does_not_loop(sym):
    """The new derivative is of log f, a log: the rule does not apply to it again."""
    f, x = _softmax(sym), sym.z[sym.i, sym.k]
    after = log_derivative_rule.apply(sym.d(f, x), sym.empty).after
    inner = [node for node in after.atoms(type(sym.d(f, x)))]
    assert inner == [sym.d(log(f), x)]
    assert log_derivative_rule.apply(inner[0], sym.empty) is None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(exp(s.x), s.x), id="a bare exponential"),
    pytest.param(lambda s: s.d(exp(s.x) * s.y, s.x), id="no denominator"),
    pytest.param(lambda s: s.d(s.x / (exp(s.x) + exp(s.y)), s.x), id="numerator not an exponential"),
    pytest.param(lambda s: s.d(2 * exp(s.x) / (exp(s.x) + exp(s.y)), s.x), id="a multiple of an exponential upstairs"),
    pytest.param(lambda s: s.d(exp(s.x) / (exp(s.x) - exp(s.y)), s.x), id="a difference downstairs may be negative"),
    pytest.param(lambda s: s.d(exp(s.x) / (exp(s.x) + 1), s.x), id="not every term an exponential"),
    pytest.param(lambda s: s.d(exp(s.x) / s.y, s.x), id="denominator not a sum"),
    pytest.param(lambda s: s.d(exp(s.x) / Sum(s.z[s.l], (s.l, 1, s.L)), s.x), id="a Sum of non-exponentials"),
    pytest.param(lambda s: s.d(exp(s.x) / (exp(s.x) + exp(s.y))**2, s.x), id="the sum squared"),
    pytest.param(lambda s: s.d(log(_softmax(s)), s.z[s.i, s.k]), id="already the log"),
    pytest.param(lambda s: s.d(_softmax(s), (s.z[s.i, s.k], 2)), id="second derivative"),
    pytest.param(lambda s: _softmax(s), id="no derivative"),
])
def test_log_derivative_does_not_apply(sym, build):
    assert log_derivative_rule.apply(build(sym), sym.empty) is None


def test_log_derivative_explanation_fills(sym):
    rewrite = log_derivative_rule.apply(sym.d(_softmax(sym), sym.z[sym.i, sym.k]), sym.empty)
    text = log_derivative_rule.explanation.format(**{k: str(v) for k, v in rewrite.bindings.items()})
    assert "positive" in text and "exp(z[i, j])" in text


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (exp(s.x) / (exp(s.x) + exp(s.y)), s.x, {}), id="e^x / (e^x + e^y)"),
    pytest.param(lambda s: (_softmax(s), s.z[s.i, s.k], {s.j: 2, s.k: 2}), id="softmax, j = k"),
    pytest.param(lambda s: (_softmax(s), s.z[s.i, s.k], {s.j: 1, s.k: 3}), id="softmax, j != k"),
])
def test_log_derivative_is_numerically_right(sym, build, value):
    f, x, indices = build(sym)
    node = sym.d(f, x)
    rewrite = log_derivative_rule.apply(node, sym.empty)
    assert rewrite is not None
    rng = random.Random(13)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.randint(-200, 200), 100))

    fixed = {sym.L: 3, sym.i: 1, **indices}
    before, after = value(node, fixed, values), value(rewrite.after, fixed, values)
    assert abs(before) > 1e-6
    assert abs(before - after) <= 1e-20 * max(1, abs(before))
