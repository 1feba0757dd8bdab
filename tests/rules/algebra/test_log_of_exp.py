"""log of an exponential: log(e^g) = g, for real g"""

import random

import pytest
from sympy import Indexed, Rational, Symbol, exp, log

from derive.rules.algebra.log_of_exp import log_of_exp_rule


def test_sympy_keeps_log_of_exp_when_it_does_not_know_the_exponent_is_real(sym):
    """What the rule relies on: SymPy leaves log(e^g) alone for inputs with no assumptions,
    and folds it itself for a real symbol (so the rule never sees that node)."""
    assert isinstance(log(exp(sym.z[sym.i, sym.j])), log)
    assert isinstance(log(exp(sym.x)), log)
    assert isinstance(log(exp(sym.x + sym.y)), log)
    real = Symbol("t", real=True)
    assert log(exp(real)) == real


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.x, id="log e^x"),
    pytest.param(lambda s: s.x + s.y, id="log e^{x + y}"),
    pytest.param(lambda s: -s.x, id="log e^{-x}"),
    pytest.param(lambda s: s.z[s.i, s.j], id="log e^{z_ij}"),
    pytest.param(lambda s: 2 * s.z[s.i, s.j] + s.z[s.i, s.k], id="log e^{2 z_ij + z_ik}"),
])
def test_log_of_exp_rewrites(sym, build, justifies):
    g = build(sym)
    node = log(exp(g))
    assert isinstance(node, log)
    rewrite = log_of_exp_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == g
    assert rewrite.bindings == {"f": exp(g), "g": g}
    justifies(log_of_exp_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: log(s.x), id="log x"),
    pytest.param(lambda s: log(2 * exp(s.x)), id="log of a multiple of an exponential"),
    pytest.param(lambda s: log(exp(s.x) + 1), id="log of a sum"),
    pytest.param(lambda s: log(exp(s.z[s.i, s.j]) / s.denominator), id="log of the softmax"),
    pytest.param(lambda s: exp(s.x), id="an exponential, no logarithm"),
    pytest.param(lambda s: s.d(log(exp(s.x)), s.x), id="the derivative, not the log"),
])
def test_log_of_exp_does_not_apply(sym, build):
    assert log_of_exp_rule.apply(build(sym), sym.empty) is None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.x * s.y - s.w, id="x y - w"),
    pytest.param(lambda s: s.z[s.i, s.j], id="z_ij"),
])
def test_log_of_exp_is_numerically_right(sym, build):
    node = log(exp(build(sym)))
    rewrite = log_of_exp_rule.apply(node, sym.empty)
    rng = random.Random(5)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.randint(10, 300), 100))

    def value(expr):
        expr = expr.xreplace({sym.i: 1, sym.j: 2})
        expr = expr.xreplace({atom: values(atom) for atom in expr.atoms(Indexed)})
        expr = expr.xreplace({atom: values(atom) for atom in expr.free_symbols})
        return complex(expr.evalf(30))

    before, after = value(node), value(rewrite.after)
    assert abs(before - after) <= 1e-20 * max(1, abs(before))
