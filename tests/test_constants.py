"""Constant parts held as symbols while SymPy works, and put back as they were written."""

from sympy import Dummy, Heaviside, Max, Symbol, acos, asin, exp, log, pi, sin, sqrt
from sympy import evaluate as sympy_evaluate

from derive.sympy_quirks import hold_constants, put_back

x = Symbol("x")


def test_each_largest_constant_part_gets_a_symbol_and_comes_back_as_written():
    expr = Max(pi / 2, log(asin(sin(x))) / log(acos(pi))) + sqrt(2) * exp(x)
    held, constants = hold_constants(expr)
    assert set(constants.values()) == {pi / 2, 1 / log(acos(pi)), sqrt(2)}  # the largest: 1/log(...), not log(...)
    assert not held.has(log(acos(pi))) and not held.has(sqrt(2)) and len(held.atoms(Dummy)) == 3
    assert put_back(held, constants) == expr


def test_nothing_is_held_without_a_constant_part():
    expr = x**2 + 3 * x + pi
    held, constants = hold_constants(expr)
    assert constants == {} and held is expr and put_back(held, constants) is expr


def test_putting_back_evaluates_nothing():
    """A Heaviside over a complex constant asks, when built, whether its argument is real: put
    back as it stands, it is not built again."""
    c = Dummy("c")
    with sympy_evaluate(False):
        back = put_back(Heaviside(c - x), {c: log(acos(pi))})
    assert isinstance(back, Heaviside) and back.args[0].has(log(acos(pi)))
    assert put_back(2 * c + c, {c: sqrt(2)}).has(sqrt(2))
