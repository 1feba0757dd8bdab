"""A layer's proven derivative as a rectangular matrix at a point, for the layers whose output and
input differ in index or length: `derive attention-query --at 'q=1,2 K=1,0;0,1;1,1'`.

Rows are the output index (a_l, o_c, y_i); columns the input's free indices, flattened in row-major
order (V_11, V_12, ..., V_Ld). The point names every array the layer reads, each by its name
(``name=values``, entries by commas, rows of a matrix by ``;``); the lengths (L, d, M, N) are read
from the shapes given, each slot of each array running over the length its sums (or the output's
declared length) say. The numbers are read by mpmath's reader, never by eval or sympify.

As for the square layers (`derive.functions.layer_jacobian`): no derivative is taken here; the
proven ``unified`` result is instantiated, the layer itself is evaluated (`forward`), and the matrix
is checked against central differences of the layer. Pure: it builds numbers and prints nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Mapping

import mpmath
from sympy import Expr, Float, Indexed, Integer, Sum, Symbol

from derive.checker.checks import write_out_sums
from derive.engine.records import Check, Derivation

DIGITS = 40
MAX_ENTRIES = 100  # rows times columns: the checks evaluate the layer twice per column
MAX_ARRAY = 64     # entries of one array given at the point


def _unfolded(derivation: Derivation, expr: Expr) -> Expr:
    for definition in derivation.definitions:  # latest first: one pass leaves plain sums
        expr = definition.unfold(expr)
    return expr


@dataclass(frozen=True)
class Grid:
    """What a point of the layer must give, read off the proven derivation: the output index and its
    length, the input's moving indices, and every array with the length of each of its slots."""

    output: Symbol               # j: the row index (a_l: l; o_c: c)
    rows: Symbol                 # the length j runs over (L; d)
    columns: tuple               # the input's indices, in order (V_lu: l, u)
    arrays: dict                 # array name -> (its base, the length symbol of each slot)
    optional: frozenset          # arrays with a default value for every entry (a gain of 1)


def grid(derivation: Derivation, lengths: Mapping = {}, defaults: Mapping = {}) -> Grid:
    """The `Grid` of ``derivation``; ``lengths`` the declared length of the output index (else read
    where the expression says it). ValueError where a length cannot be read."""
    from derive.functions.layer_backward import backward_shape

    variable = derivation.variable
    j, rows, _ = backward_shape(derivation, lengths)
    slots: dict = {}
    for expr in (_unfolded(derivation, derivation.expression), _unfolded(derivation, derivation.unified)):
        _slot_lengths(expr, {j: rows}, slots)
    function = _unfolded(derivation, derivation.expression)
    shared = set(variable.indices) & function.free_symbols
    if shared:  # (batchnorm's channel: its matrix is the square one, a channel at a time)
        raise ValueError(f"the input {variable} shares the index {', '.join(map(str, shared))} with the output")
    arrays = {}
    for (base, position) in sorted(slots, key=lambda key: (str(key[0]), key[1])):
        found = slots[(base, position)]
        if len(found) != 1:
            raise ValueError(f"slot {position + 1} of {base} runs over "
                             f"{' or '.join(sorted(map(str, found))) or 'a length said nowhere'}")
        name = str(base)
        arrays.setdefault(name, (base, []))[1].append(next(iter(found)))
    # in the order the legend names them (q, K, V), then the rest by name
    named = [str(getattr(entry.symbol, "base", entry.symbol)) for entry in derivation.legend]
    order = sorted(arrays, key=lambda name: (named.index(name) if name in named else len(named), name))
    arrays = {name: (arrays[name][0], tuple(arrays[name][1])) for name in order}
    if str(variable.base) not in arrays:
        raise ValueError(f"the input {variable} is not read by the layer")
    optional = frozenset(name for name in arrays if name in defaults)
    return Grid(j, rows, tuple(variable.indices), arrays, optional)


def _slot_lengths(expr, bound: dict, slots: dict) -> None:
    """For every array slot in ``expr``, the length the index standing there runs over: a sum's upper
    limit where the sum binds it, the declared length where it is the output index."""
    if isinstance(expr, Sum):
        inner = dict(bound)
        for n, a, b in expr.limits:
            if a == 1:
                inner[n] = b
        _slot_lengths(expr.function, inner, slots)
        return
    if isinstance(expr, Indexed):
        for position, index in enumerate(expr.indices):
            slots.setdefault((expr.base, position), set())
            if index in bound:
                slots[(expr.base, position)].add(bound[index])
        return
    for arg in expr.args:
        _slot_lengths(arg, bound, slots)


# --------------------------------------------------------------------------------------------
# The point: 'q=1,2 K=1,0;0,1;1,1'

def parse_point(text: str, the_grid: Grid, only: str | None = None) -> dict:
    """{array name: rows of (numbers, texts)} from ``text``. A bare list of numbers ('1,2,3') is the
    array ``only`` (the one array a layer reads). ValueError, in one line, for a name the layer does
    not read, a missing or repeated array, or a value that is not a finite number."""
    from derive.functions.jacobian import parse_values

    if "=" not in text:
        if only is None:
            raise ValueError(f"--at names each array: give {_example(the_grid)}")
        parts = [f"{only}={text}"]
    else:
        parts = text.split()
    given: dict = {}
    for part in parts:
        name, sign, body = part.partition("=")
        if not sign or not name:
            raise ValueError(f"'{part}' is not name=values: give {_example(the_grid)}")
        if name not in the_grid.arrays:
            raise ValueError(f"the layer reads no array '{name}': it reads {', '.join(the_grid.arrays)}")
        if name in given:
            raise ValueError(f"{name} is given twice in --at")
        rows = [parse_values(row) for row in body.split(";")]
        if sum(len(numbers) for numbers, _ in rows) > MAX_ARRAY:
            raise ValueError(f"{name} has more than {MAX_ARRAY} entries")
        given[name] = rows
    missing = [name for name in the_grid.arrays if name not in given and name not in the_grid.optional]
    if missing:
        raise ValueError(f"--at gives no {' and no '.join(missing)}: the layer reads {', '.join(the_grid.arrays)}; "
                         f"e.g. {_example(the_grid)}")
    return given


def _example(the_grid: Grid) -> str:
    pieces = []
    for name, (_, shape) in the_grid.arrays.items():
        if name in the_grid.optional:
            continue
        pieces.append(f"{name}=1,2" if len(shape) == 1 else f"{name}=1,2;3,4" if len(shape) == 2 else f"{name}=...")
    return "'" + " ".join(pieces) + "'"


def sizes_of(given: dict, the_grid: Grid) -> dict:
    """Every length symbol's number, read from the shapes given; ValueError when two shapes disagree
    or an array is not of its rank."""
    sizes: dict = {}
    said: dict = {}
    for name, rows in given.items():
        _, shape = the_grid.arrays[name]
        widths = {len(numbers) for numbers, _ in rows}
        if len(shape) == 1:
            if len(rows) != 1:
                raise ValueError(f"{name} is a vector: give its values by commas, with no ';'")
            dims = [len(rows[0][0])]
        elif len(shape) == 2:
            if len(widths) != 1:
                raise ValueError(f"the rows of {name} differ in length ({', '.join(map(str, sorted(widths)))})")
            dims = [len(rows), widths.pop()]
        else:
            raise ValueError(f"{name} has {len(shape)} indices: --at reads vectors and matrices")
        for length, dim in zip(shape, dims):
            if length in sizes and sizes[length] != dim:
                raise ValueError(f"{said[length]} says {length} = {sizes[length]}, but {name} has {dim} there: "
                                 "the shapes disagree")
            sizes.setdefault(length, dim)
            said.setdefault(length, name)
    unknown = sorted({str(length) for _, shape in the_grid.arrays.values() for length in shape} - set(map(str, sizes)))
    if unknown:
        raise ValueError(f"no array given says {', '.join(unknown)}")
    return sizes


# --------------------------------------------------------------------------------------------
# Instantiation

def _number(value) -> Float:
    return Float(mpmath.nstr(value, DIGITS), DIGITS)


class Point:
    """The arrays at the point as SymPy numbers, an entry by (array, indices)."""

    def __init__(self, given: dict, the_grid: Grid, sizes: dict, constants: Mapping):
        self.grid, self.sizes, self.constants = the_grid, sizes, dict(constants)
        self.values = {}
        for name, (base, shape) in the_grid.arrays.items():
            if name in given:
                rows = given[name]
                for position, (numbers, _) in enumerate(rows):
                    for column, value in enumerate(numbers):
                        indices = (position + 1, column + 1) if len(shape) == 2 else (column + 1,)
                        self.values[base[indices]] = value  # as read, to more digits than a double
            else:  # an optional array: its default in every entry
                for indices in product(*[range(1, sizes[length] + 1) for length in shape]):
                    with mpmath.workdps(DIGITS):
                        self.values[base[indices]] = mpmath.mpf(constants[name])

    def moved(self, entry, step) -> "Point":
        other = object.__new__(Point)
        other.grid, other.sizes, other.constants = self.grid, self.sizes, self.constants
        other.values = dict(self.values)
        other.values[entry] = self.values[entry] + step
        return other

    def evaluate(self, expr: Expr) -> mpmath.mpf:
        substitution = {}
        for atom in expr.atoms(Indexed):
            if atom not in self.values:
                raise ValueError(f"no value for {atom}")
            substitution[atom] = _number(self.values[atom])
        expr = expr.xreplace(substitution)
        rest = {}
        for symbol in expr.free_symbols:
            if str(symbol) not in self.constants:
                raise ValueError(f"no value for {symbol}")
            rest[symbol] = _number(mpmath.mpf(self.constants[str(symbol)]))
        with mpmath.workdps(DIGITS):
            return mpmath.mpf(str(expr.xreplace(rest).evalf(DIGITS)))


def _fixed(derivation: Derivation, expr: Expr, sizes: dict) -> Expr:
    """``expr`` unfolded, with the lengths set and the sums written out."""
    return _unfolded(derivation, expr).xreplace({length: Integer(n) for length, n in sizes.items()})


def column_entries(the_grid: Grid, sizes: dict, variable: Indexed) -> list:
    """The input's entries in row-major order (V_11, V_12, ..., V_Ld)."""
    _, shape = the_grid.arrays[str(variable.base)]
    return [variable.base[indices] for indices in product(*[range(1, sizes[length] + 1) for length in shape])]


def matrix_at(derivation: Derivation, the_grid: Grid, point: Point) -> list[list]:
    """J[row][column]: the proven result with the output index at ``row`` and the input's indices at
    the column's entry."""
    general = _fixed(derivation, derivation.unified, point.sizes)
    columns = column_entries(the_grid, point.sizes, derivation.variable)
    return [[point.evaluate(write_out_sums(general.xreplace({the_grid.output: Integer(row),
                                                             **dict(zip(the_grid.columns, entry.indices))})))
             for entry in columns] for row in range(1, point.sizes[the_grid.rows] + 1)]


def outputs_at(derivation: Derivation, the_grid: Grid, point: Point, written=None) -> list:
    """The layer itself, every output at the point."""
    if written is None:
        written = layer_rows(derivation, the_grid, point.sizes)
    return [point.evaluate(row) for row in written]


def layer_rows(derivation: Derivation, the_grid: Grid, sizes: dict) -> list:
    function = _fixed(derivation, derivation.expression, sizes)
    return [write_out_sums(function.xreplace({the_grid.output: Integer(row)}))
            for row in range(1, sizes[the_grid.rows] + 1)]


def differences_at(derivation: Derivation, the_grid: Grid, point: Point, step) -> list[list]:
    """dy_j / d(entry) by central differences of the layer itself, never of its derivative."""
    written = layer_rows(derivation, the_grid, point.sizes)
    columns = []
    with mpmath.workdps(DIGITS):
        for entry in column_entries(the_grid, point.sizes, derivation.variable):
            up = outputs_at(derivation, the_grid, point.moved(entry, step), written)
            down = outputs_at(derivation, the_grid, point.moved(entry, -step), written)
            columns.append([(a - b) / (2 * step) for a, b in zip(up, down)])
    return [[column[row] for column in columns] for row in range(len(written))]


def agreement(numeric, truth, tolerance, step) -> Check:
    largest = max((abs(value) for row in truth for value in row), default=mpmath.mpf(0))
    scale = max(largest, mpmath.mpf(1))
    worst = max((abs(ours - theirs) for row, wanted in zip(numeric, truth) for ours, theirs in zip(row, wanted)),
                default=mpmath.mpf(0))
    return Check("the matrix against central differences of the layer itself", bool(worst <= tolerance * scale),
                 "numeric", f"largest |difference| = {mpmath.nstr(worst, 3)} (must be below "
                 f"{mpmath.nstr(tolerance * scale, 3)}; step {mpmath.nstr(step, 1)}, {DIGITS}-digit arithmetic)")
