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

from dataclasses import dataclass
from typing import Mapping, Sequence

import mpmath
from sympy import Expr, Indexed, IndexedBase, Integer, Symbol

from derive.checker.checks import write_out_sums
from derive.checker.points import length_symbols
from derive.engine.records import Check, Checked, Derivation

DIGITS = 40
DEFAULTS = {"gamma": 1, "beta": 0, "epsilon": mpmath.mpf("1e-5")}  # PyTorch's defaults


def _unfolded(derivation: Derivation, expr: Expr) -> Expr:
    for definition in derivation.definitions:  # latest first: one pass leaves plain sums
        expr = definition.unfold(expr)
    return expr


def shape(derivation: Derivation) -> tuple[Symbol, Symbol, Symbol, Indexed]:
    """(output index j, input index k, length N, input x_k) of a layer with one output index and one
    input index that runs over the length. An index the input shares with the output (the channel
    c of batchnorm's x_kc and y_ic) is held at 1: the matrix is that of one channel, and x_k is
    returned with it set (x_k1). ValueError for a derivative of another shape (W_jk)."""
    variable = derivation.variable
    if not isinstance(variable, Indexed):
        raise ValueError(f"an N x N Jacobian needs an indexed input, not {variable}")
    function = _unfolded(derivation, derivation.expression)
    lengths = length_symbols(function)
    free = {index for atom in function.atoms(Indexed) for index in atom.indices
            if isinstance(index, Symbol)} & function.free_symbols - set(lengths)
    moving = [index for index in variable.indices if index not in free]
    shared = {index: Integer(1) for index in variable.indices if index in free}
    outputs = sorted(free - set(shared), key=str)
    if len(moving) != 1 or len(outputs) != 1 or len(lengths) != 1:
        raise ValueError(f"an N x N Jacobian needs one output index, one input index of {variable} and one length")
    return outputs[0], moving[0], lengths[0], variable.xreplace(shared)


def _shared(derivation: Derivation) -> dict:
    """The indices the input shares with the output (batchnorm's channel c), each held at 1."""
    _, k, _, variable = shape(derivation)
    return {index: value for index, value in zip(derivation.variable.indices, variable.indices) if index != value}


def _values(derivation, x_base, inputs: Sequence, constants: Mapping[str, object]):
    """The substitution of every input x_i (i = 1..N) and every constant of the layer."""
    given = {**DEFAULTS, **constants}
    _, k, _, variable = shape(derivation)
    values = {variable.xreplace({k: Integer(n + 1)}): mpmath.mpf(value) for n, value in enumerate(inputs)}
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
    fixed = _unfolded(derivation, expr).xreplace({N: Integer(size), **_shared(derivation)})
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


# --------------------------------------------------------------------------------------------
# The Jacobian at a point, as a record: `derive layernorm --size 4 --at 1,2,3,5`

MAX_SIZE = 10  # the checks take about N^3 evaluations (16 s at N = 16): above this, refuse
TOLERANCE = mpmath.mpf("1e-25")  # relative: a sum is 0, a difference is 0, below this times the largest entry
AGREEMENT = mpmath.mpf("1e-20")  # relative: the matrix agrees with the central differences within this
STEP = mpmath.mpf("1e-15")       # the central differences' step, at DIGITS digits


@dataclass(frozen=True)
class LayerJacobianAt(Checked):
    """A layer's proven derivative as the N x N matrix at one point x, with what holds there.

    ``numeric[j][k]`` is dy_j/dx_k (rows: outputs; columns: inputs), the proven result evaluated;
    ``outputs`` the layer itself at x; ``constants`` the values the layer's constants took
    (name, value as text); ``checks`` the general derivation's verdict and the matrix against
    central differences of the layer; ``properties`` the statements that hold at this point, each
    with its evidence, computed from the matrix (a statement that does not hold is not there).
    """

    derivation: Derivation
    point: tuple
    given: tuple[str, ...]
    outputs: tuple
    numeric: tuple
    constants: tuple[tuple[str, str], ...]
    checks: tuple[Check, ...]
    properties: tuple[tuple[str, str], ...]
    # a rectangular matrix (derive.functions.layer_rectangular): the outputs, one a row (a_1 .. a_L); the
    # input's entries, one a column (V_11 .. V_Ld); the arrays given at the point (name, rank, rows as given)
    rows: tuple = ()
    columns: tuple = ()
    arrays: tuple = ()

    @property
    def rectangular(self) -> bool:
        return bool(self.columns)

    @property
    def size(self) -> int:
        return len(self.rows) if self.rectangular else len(self.point)

    @property
    def inputs(self) -> tuple[Expr, ...]:
        """x_1 .. x_N: the variable with its index set to 1 .. N (the columns' entries, for a
        rectangular matrix)."""
        if self.rectangular:
            return self.columns
        _, k, _, variable = shape(self.derivation)
        return tuple(variable.xreplace({k: Integer(n)}) for n in range(1, self.size + 1))



def _largest(values) -> mpmath.mpf:
    return max((abs(value) for value in values), default=mpmath.mpf(0))


def _differences(derivation: Derivation, point: Sequence, constants: Mapping[str, object]) -> list[list]:
    """dy_j/dx_k by central differences of the layer itself (`forward`), never of its derivative."""
    with mpmath.workdps(DIGITS):
        columns = []
        for k in range(len(point)):
            up = [value + (STEP if n == k else 0) for n, value in enumerate(point)]
            down = [value - (STEP if n == k else 0) for n, value in enumerate(point)]
            columns.append([(a - b) / (2 * STEP) for a, b in zip(forward(derivation, up, constants),
                                                                  forward(derivation, down, constants))])
        return [[columns[k][j] for k in range(len(point))] for j in range(len(point))]


def _agreement(derivation: Derivation, point: Sequence, constants, numeric) -> Check:
    subject = "the matrix against central differences of the layer itself"
    truth = _differences(derivation, point, constants)
    scale = max(_largest(value for row in truth for value in row), mpmath.mpf(1))
    worst = _largest(ours - theirs for row, wanted in zip(numeric, truth) for ours, theirs in zip(row, wanted))
    passed = worst <= AGREEMENT * scale
    return Check(subject, bool(passed), "numeric",
                 f"largest |difference| = {mpmath.nstr(worst, 3)} (must be below {mpmath.nstr(AGREEMENT * scale, 3)}; "
                 f"step {mpmath.nstr(STEP, 1)}, {DIGITS}-digit arithmetic)")


def _properties_at(numeric, square: bool = True) -> tuple[tuple[str, str], ...]:
    """What holds at this point, read off the matrix: rows summing to 0 (or 1), columns summing to 0,
    symmetry (for a square matrix whose rows and columns are the same index)."""
    n, width = len(numeric), len(numeric[0]) if numeric else 0
    scale = max(_largest(value for row in numeric for value in row), mpmath.mpf(1))
    with mpmath.workdps(DIGITS):
        residuals = (
            ("each row sums to 0", "largest |row sum|", _largest(mpmath.fsum(row) for row in numeric)),
            ("each row sums to 1", "largest |row sum − 1|", _largest(mpmath.fsum(row) - 1 for row in numeric)),
            ("each column sums to 0", "largest |column sum|",
             _largest(mpmath.fsum(numeric[a][b] for a in range(n)) for b in range(width))),
        ) + ((("the matrix is symmetric", "largest |J_jk − J_kj|",
               _largest(numeric[a][b] - numeric[b][a] for a in range(n) for b in range(n))),) if square else ())
    return tuple((statement, f"{what} = {mpmath.nstr(residual, 3)}") for statement, what, residual in residuals
                 if residual < TOLERANCE * scale)


def layer_at(derivation: Derivation, values: Sequence[str] | str, size: int | None = None,
             constants: Mapping[str, object] = {}, lengths: Mapping = {}) -> LayerJacobianAt:
    """The proven derivative as the N x N matrix at x = ``values`` (numbers, or text '1,2,3', or
    'x=1,2,3'), checked against central differences of the layer. ValueError for values that are not
    N finite numbers (N = ``size`` when given). A layer whose output and input differ in index or
    length gets its rectangular matrix at the arrays named in ``values`` ('q=1,2 K=1,0;0,1'; see
    `rectangular_at`), ``lengths`` the declared lengths of its output index."""
    from derive.functions.jacobian import parse_values

    try:
        shape(derivation)
    except ValueError:
        if isinstance(values, str):
            return rectangular_at(derivation, values, size, constants, lengths)
        raise
    if isinstance(values, str) and "=" in values:  # the one array by its name: x=1,2,3
        name, _, values = values.partition("=")
        if name.strip() != str(derivation.variable.base):
            raise ValueError(f"the layer reads one array, {derivation.variable.base}: give --at "
                             f"{derivation.variable.base}=1,2,3 or 1,2,3, not '{name.strip()}'")
    point, given = parse_values(values)
    if size is not None and size != len(point):
        raise ValueError(f"--size {size} needs {size} values in --at, not {len(point)}")
    if not 1 <= len(point) <= MAX_SIZE:
        raise ValueError(f"the size must be between 1 and {MAX_SIZE} (the matrix has N² entries), not {len(point)}")
    shape(derivation)
    used = {**DEFAULTS, **constants}
    known = {str(symbol) for symbol in _unfolded(derivation, derivation.expression).free_symbols}
    known |= {str(atom.base) for atom in _unfolded(derivation, derivation.expression).atoms(Indexed)}
    general = Check("the general result", derivation.verified, "the derivation's checker",
                    "proven step by step for every length" if derivation.verified else "NOT proven by its checker")
    if not derivation.verified:
        return LayerJacobianAt(derivation, point, given, (), (), (), (general,), ())
    with mpmath.workdps(DIGITS):
        numeric = tuple(tuple(row) for row in jacobian_at(derivation, point, constants))
        outputs = tuple(forward(derivation, point, constants))
        if not all(mpmath.isfinite(value) for value in outputs):
            raise ValueError(f"the layer is not defined at x = ({', '.join(given)}): its outputs are not all "
                             "finite there (a norm of 0?)")
        checks = (general, _agreement(derivation, point, constants, numeric))
    shown = tuple((name, mpmath.nstr(mpmath.mpf(value), 6)) for name, value in used.items() if name in known)
    return LayerJacobianAt(derivation, point, given, outputs, numeric, shown, checks, _properties_at(numeric))


def rectangular_at(derivation: Derivation, text: str, size: int | None = None, constants: Mapping[str, object] = {},
                   lengths: Mapping = {}) -> LayerJacobianAt:
    """The proven derivative as a rectangular matrix (rows: the output index; columns: the input's
    entries in row-major order) at the arrays named in ``text`` ('q=1,2 K=1,0;0,1;1,1'), the sizes
    read from their shapes (``size``, when given, must be the number of rows), checked against
    central differences of the layer. ValueError, in one line, for a missing array, a wrong shape, a
    value that is not a finite number, or a matrix too large."""
    from derive.functions import layer_rectangular as rect

    used = {**DEFAULTS, **constants}
    the_grid = rect.grid(derivation, lengths, used)
    required = [name for name in the_grid.arrays if name not in the_grid.optional]
    given = rect.parse_point(text, the_grid, required[0] if len(required) == 1 else None)
    sizes = rect.sizes_of(given, the_grid)
    count = sizes[the_grid.rows]
    if size is not None and size != count:
        raise ValueError(f"--size {size} does not match the point: it gives {count} outputs ({the_grid.rows} = {count})")
    columns = rect.column_entries(the_grid, sizes, derivation.variable)
    if count * len(columns) > rect.MAX_ENTRIES:
        raise ValueError(f"the matrix would have {count} × {len(columns)} entries: at most {rect.MAX_ENTRIES} here")
    named = derivation.expression.base if isinstance(derivation.expression, Indexed) else IndexedBase("y")
    rows = tuple(named[row] for row in range(1, count + 1))
    arrays = tuple((name, len(the_grid.arrays[name][1]), tuple(tuple(texts) for _, texts in given[name]))
                   for name in the_grid.arrays if name in given)
    variable = str(derivation.variable.base)
    point = tuple(number for numbers, _ in given[variable] for number in numbers)
    given_text = tuple(text for _, texts in given[variable] for text in texts)
    general = Check("the general result", derivation.verified, "the derivation's checker",
                    "proven step by step for every length" if derivation.verified else "NOT proven by its checker")
    if not derivation.verified:
        return LayerJacobianAt(derivation, point, given_text, (), (), (), (general,), (), rows, tuple(columns), arrays)
    at = rect.Point(given, the_grid, sizes, used)
    with mpmath.workdps(DIGITS):
        numeric = tuple(tuple(row) for row in rect.matrix_at(derivation, the_grid, at))
        outputs = tuple(rect.outputs_at(derivation, the_grid, at))
        if not all(mpmath.isfinite(value) for value in outputs):
            raise ValueError("the layer is not defined at this point: its outputs are not all finite there")
        truth = rect.differences_at(derivation, the_grid, at, STEP)
        checks = (general, rect.agreement(numeric, truth, AGREEMENT, STEP))
    known = {str(symbol) for symbol in _unfolded(derivation, derivation.expression).free_symbols}
    shown = tuple((name, mpmath.nstr(mpmath.mpf(value), 6)) for name, value in used.items()
                  if name in known or name in the_grid.optional)
    return LayerJacobianAt(derivation, point, given_text, outputs, numeric, shown, checks,
                           _properties_at(numeric, square=False), rows, tuple(columns), arrays)
