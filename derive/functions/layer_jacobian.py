"""A layer's proven derivative as an N x N Jacobian at a point, and the layer itself there.

The derivation proves dy_j/dx_k once, for any length N: its ``unified`` result, in the layer's
named parts. Here that result is instantiated: the names unfolded into their bodies, the length
set to N, the sums written out, j and k set to 1..N, and every input and constant given a value
(a gain gamma_j of 1 and a bias of 0 unless told, epsilon 1e-5 as PyTorch has it). No derivative
is taken here; `forward` evaluates the layer itself, so a finite difference of it is an
independent check of the matrix (tests/test_layers.py).

Pure: it builds numbers and prints nothing.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import mpmath
from sympy import Expr, Indexed, Integer, Symbol

from derive.checker.checks import write_out_sums
from derive.checker.points import length_symbols
from derive.engine.records import Derivation

DIGITS = 40
DEFAULTS = {"gamma": 1, "beta": 0, "epsilon": mpmath.mpf("1e-5")}  # PyTorch's defaults


def _unfolded(derivation: Derivation, expr: Expr) -> Expr:
    for definition in derivation.definitions:  # latest first: one pass leaves plain sums
        expr = definition.unfold(expr)
    return expr


def shape(derivation: Derivation) -> tuple[Symbol, Symbol, Symbol, Indexed]:
    """(output index j, input index k, length N, input x_k) of a layer with one output index and one
    input index; ValueError for a derivative of another shape (W_jk, x_kc)."""
    variable = derivation.variable
    if not isinstance(variable, Indexed) or len(variable.indices) != 1:
        raise ValueError(f"an N x N Jacobian needs an input with one index, not {variable}")
    function = _unfolded(derivation, derivation.expression)
    lengths = length_symbols(function)
    (k,) = variable.indices
    outputs = sorted({index for atom in function.atoms(Indexed) for index in atom.indices
                      if isinstance(index, Symbol)} & function.free_symbols - set(lengths), key=str)
    if len(outputs) != 1 or len(lengths) != 1:
        raise ValueError("an N x N Jacobian needs one output index and one length")
    return outputs[0], k, lengths[0], variable


def _values(derivation, x_base, inputs: Sequence, constants: Mapping[str, object]):
    """The substitution of every input x_i (i = 1..N) and every constant of the layer."""
    given = {**DEFAULTS, **constants}
    values = {x_base[n + 1]: mpmath.mpf(value) for n, value in enumerate(inputs)}
    return values, given


def _evaluate(expr: Expr, x_base, values: dict, given: Mapping[str, object]) -> mpmath.mpf:
    expr = write_out_sums(expr)
    substitution = dict(values)
    for atom in expr.atoms(Indexed):
        if atom.base != x_base:
            substitution[atom] = mpmath.mpf(given.get(str(atom.base), 1))
    expr = expr.xreplace({key: _number(value) for key, value in substitution.items()})
    rest = {}
    for symbol in expr.free_symbols:
        if str(symbol) not in given:
            raise ValueError(f"no value for {symbol}")
        rest[symbol] = _number(mpmath.mpf(given[str(symbol)]))
    with mpmath.workdps(DIGITS):
        return mpmath.mpf(str(expr.xreplace(rest).evalf(DIGITS)))


def _number(value):
    from sympy import Float

    return Float(mpmath.nstr(value, DIGITS), DIGITS)


def _at(derivation: Derivation, expr: Expr, inputs: Sequence, constants: Mapping[str, object], rows, columns):
    j, k, N, variable = shape(derivation)
    size = len(inputs)
    fixed = _unfolded(derivation, expr).xreplace({N: Integer(size)})
    values, given = _values(derivation, variable.base, inputs, constants)
    return [[_evaluate(fixed.xreplace({j: Integer(row), k: Integer(column)}), variable.base, values, given)
             for column in columns(size)] for row in rows(size)]


def jacobian_at(derivation: Derivation, inputs: Sequence, constants: Mapping[str, object] = {}) -> list[list]:
    """The proven result as the N x N matrix J[j][k] = dy_j/dx_k at x = ``inputs`` (N = len(inputs))."""
    if not derivation.verified:
        raise ValueError("only a proven derivative is instantiated")
    every = lambda size: range(1, size + 1)  # noqa: E731
    return _at(derivation, derivation.unified, inputs, constants, every, every)


def forward(derivation: Derivation, inputs: Sequence, constants: Mapping[str, object] = {}) -> list:
    """The layer itself, y_1 ... y_N at x = ``inputs``."""
    every = lambda size: range(1, size + 1)  # noqa: E731
    return [row[0] for row in _at(derivation, derivation.expression, inputs, constants, every, lambda size: [1])]
