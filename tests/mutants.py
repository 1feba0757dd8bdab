"""Mutation testing of the checker: real derivations with one step made wrong on purpose.

The derivations are the library's own, built with ``check=False``: every softmax route, the
backward pass, the softmax cross-entropy, every catalog entry, every expression of
bench/corpus.py that derives, and a few functions defined piece by piece (PIECEWISE). A mutant
changes the ``after`` of one step (or drops a case), in one of the ways a learner slips (KINDS):

    sign         after -> -after
    factor       a factor of a product dropped, or the whole expression doubled
    term         a term of a sum dropped, or 1 added to the whole expression
    exponent     an integer exponent n -> n + 1
    square       a square removed: u**2 -> u (u**-2 -> u**-1)
    swap         two index symbols exchanged (j <-> k)
    delta_one    a Kronecker delta replaced by 1
    delta_times  delta_jk -> delta_jk delta_ij, for another index i of the step (or a fresh one)
    right        + Heaviside(x - 3) (x - 3): wrong only for x > 3
    left         + Heaviside(-4 - x) (-4 - x): wrong only for x < -4
    interval     + a bump that is not 0 only on an interval of length 1 centred in [-50, 50]
    domain       after -> after sqrt(x) sqrt(1/x): the same where x > 0, no real value where x < 0
                 (2 log x written for log x^2)
    drop_case    one case of a split left out

The chain stays whole: the step after the mutated one starts from the mutated expression (the
next step of the same list, or the first step of every case after the last shared step, or the
merge). Nothing later is changed, so the mutated step and the one after it are both false; the
record of the last step's expression (a case's result, the derivation's result, the merge's
start) follows the mutated expression, as it is that same expression. A dropped case leaves
the result a Piecewise over the cases that remain, and the merge out.

The oracle (`judge`, `really_differs`) is independent of the checker: it uses nothing of
derive.checker.checks, derive.checker.digits or derive.readers.check_file. It unfolds the definitions (with the definitions'
own ``unfold``, and the witnesses of the assumptions), sets the lengths (L = 3, 4) and every
pattern of equal and unequal indices, writes the sums out, works out the derivatives with
SymPy's ``doit`` and compares the original ``after`` with the mutated one on a dense grid of real
points (4001 over [-100, 100] for one real input; 4001 random points over [-100, 100] and 500
over [-5, 5] for several) in float, then confirms each differing point at 30 and 60 digits. A
mutant "differs" when the two differ (relative 1e-6) at 3 such points or more where both are
real, under the step's case; otherwise it is "equivalent" (or "undecided" when nothing could be
evaluated) and is left out. `outcome` asks the checker (`derive.checker.checks`) about one mutant.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
import re
import sys
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

import mpmath
import numpy
from sympy import (Add, Basic, Derivative, Expr, Heaviside, Indexed, Integer, KroneckerDelta, Max, Min, Mul, Piecewise,
                   Pow, Rational, S, Sum, Symbol, cos, exp, lambdify, nan, preorder_traversal, sin, sqrt, sympify, zoo)
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from derive.rules.limits import TimeLimit, time_limit

if TYPE_CHECKING:
    from derive.engine.records import Derivation, Step

ROOT = Path(__file__).resolve().parent.parent

KINDS = ("sign", "factor", "term", "exponent", "square", "swap", "delta_one", "delta_times",
         "right", "left", "interval", "domain", "drop_case")


@dataclass(frozen=True)
class Mutant:
    """``derivation`` with one slip of ``kind`` in step ``step_number`` (numbered as in the
    original's ``all_steps()``, from 1; for ``drop_case`` the first step of the case dropped)."""

    name: str
    kind: str
    step_number: int
    derivation: Derivation
    detail: str = ""


# --------------------------------------------------------------------------------------------
# The derivations

X = Symbol("x")
# Functions defined piece by piece, derived with no closed form to compare with (the corpus has
# none of them, and every catalog entry with cases has a closed form): where a dropped case meets
# nothing but the checker's own view of the cases.
PIECEWISE = (
    ("Max(x, 3)", Max(X, 3)),
    ("Min(x^2, 4)", Min(X**2, 4)),
    ("exp(x)*Max(0, x)", exp(X) * Max(0, X)),
    ("Max(sin(x), cos(x))", Max(sin(X), cos(X))),
    ("Piecewise((x^2, x > 1), (2*x - 1, True))", Piecewise((X**2, X > 1), (2 * X - 1, True))),
)


def _builders() -> dict[str, Callable[[], Derivation]]:
    """Every derivation by name, each built when called (with ``check=False``)."""
    from derive import differentiate, softmax
    from derive.functions.softmax import softmax_backward, softmax_cross_entropy
    from derive.functions.catalog import CATALOG, derive_entry
    from derive.engine.routes import ROUTES

    if str(ROOT / "bench") not in sys.path:
        sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    builders: dict[str, Callable[[], Derivation]] = {}
    for route in ROUTES:
        builders[f"softmax {route}"] = functools.partial(softmax, route, check=False)
    builders["softmax backward"] = functools.partial(softmax_backward, check=False)
    builders["softmax cross-entropy"] = functools.partial(softmax_cross_entropy, check=False)
    for name, entry in CATALOG.items():
        if not entry.command:  # softmax and its cross-entropy: above, with their own commands
            builders[f"catalog {name}"] = functools.partial(derive_entry, name, check=False)
    for _, text, expression, variable in corpus.parsed():
        builders[f"corpus {text}"] = functools.partial(differentiate, expression, variable, check=False)
    for text, expression in PIECEWISE:
        builders[f"piecewise {text}"] = functools.partial(differentiate, expression, X, check=False)
    return builders


def derivation_names() -> list[str]:
    return list(_builders())


def derivations(only: Iterable[str] | None = None) -> list[tuple[str, Derivation]]:
    """``(name, derivation)`` for every derivation (or those named in ``only``), unverified;
    an expression that does not derive is left out."""
    builders = _builders()
    found = []
    for name in (list(builders) if only is None else list(only)):
        build = builders[name]  # KeyError: no derivation of that name
        try:
            built = build()
        except Exception:  # noqa: BLE001 -- no rule covers it, or it ran out of time: nothing to mutate
            continue
        found.append((name, replace(built, verification=None)))
    return found


# --------------------------------------------------------------------------------------------
# The mutants


def mutants(derivation: Derivation, kinds: Sequence[str] = KINDS, rng: random.Random | None = None, *,
            per_kind: int | None = None, name: str = "") -> Iterator[Mutant]:
    """The mutants of ``derivation`` of each kind: all of them, or ``per_kind`` drawn by ``rng``.

    Deterministic given the state of ``rng``; a change that leaves the expression as it was is
    not a mutant."""
    rng = rng or random.Random(0)
    name = name or derivation.title
    steps = derivation.all_steps()
    lengths = _length_symbols(derivation)
    for kind in kinds:
        if kind not in KINDS:
            raise ValueError(f"unknown kind of mutant: {kind}")
        if kind == "drop_case":
            found = [(_first_step_number(derivation, position), position, f"case {case.relation} dropped")
                     for position, case in enumerate(derivation.cases)] if len(derivation.cases) >= 2 else []
        else:
            found = [(number, new, detail) for number, step in enumerate(steps, start=1)
                     for new, detail in _edits(kind, step, derivation, lengths, rng) if new != step.after]
        if per_kind is not None and len(found) > per_kind:
            found = [found[position] for position in sorted(rng.sample(range(len(found)), per_kind))]
        for number, change, detail in found:
            if kind == "drop_case":
                mutated = drop_case(derivation, change)
            else:
                mutated = with_after(derivation, number, change)
            yield Mutant(f"{name}: step {number}, {kind} ({detail})", kind, number, mutated, detail)


def with_after(derivation: Derivation, number: int, new: Expr) -> Derivation:
    """``derivation`` with the ``after`` of step ``number`` (from 1, as in ``all_steps()``) set
    to ``new``, and the steps that start from it starting from ``new``."""
    shared, cases, merge, result = list(derivation.steps), [list(case.steps) for case in derivation.cases], \
        derivation.merge, derivation.result
    results = [case.result for case in derivation.cases]
    position = number - 1
    if position < len(shared):
        shared[position] = replace(shared[position], after=new)
        if position + 1 < len(shared):
            shared[position + 1] = replace(shared[position + 1], before=new)
        elif cases:
            cases = [[replace(steps[0], before=new), *steps[1:]] if steps else steps for steps in cases]
        else:
            result = new  # the last step: the derivation's result is its expression
    else:
        position -= len(shared)
        for which, steps in enumerate(cases):
            if position < len(steps):
                steps[position] = replace(steps[position], after=new)
                if position + 1 < len(steps):
                    steps[position + 1] = replace(steps[position + 1], before=new)
                else:
                    results[which] = new
                break
            position -= len(steps)
        else:
            if merge is None or position != 0:
                raise IndexError(f"no step {number}")
            merge = replace(merge, after=new)
    new_cases = tuple(replace(case, steps=tuple(steps), result=value)
                      for case, steps, value in zip(derivation.cases, cases, results))
    if new_cases and new_cases != derivation.cases:
        result = _piecewise(new_cases)
        if merge is not None and merge.before == derivation.result:
            merge = replace(merge, before=result, node=result if merge.node == derivation.result else merge.node)
    return replace(derivation, steps=tuple(shared), cases=new_cases, merge=merge, result=result, verification=None)


def drop_case(derivation: Derivation, position: int) -> Derivation:
    """``derivation`` without its case ``position``: the result a Piecewise over the cases that
    remain, the merge left out."""
    remaining = derivation.cases[:position] + derivation.cases[position + 1:]
    return replace(derivation, cases=remaining, result=_piecewise(remaining), merge=None, verification=None)


def _piecewise(cases) -> Expr:
    return Piecewise(*[(case.result, case.relation) for case in cases])  # as the engine builds it


def _first_step_number(derivation: Derivation, position: int) -> int:
    return len(derivation.steps) + sum(len(case.steps) for case in derivation.cases[:position]) + 1


def _edits(kind: str, step: Step, derivation: Derivation, lengths: set, rng: random.Random
           ) -> list[tuple[Expr, str]]:
    """Every change of ``kind`` to ``step.after``: (the new expression, what was changed)."""
    after = step.after
    nodes = list(_nodes(after))
    if kind == "sign":
        return [(-after, "negated")]
    if kind == "factor":
        dropped = [(_replace_at(after, path, Mul(*node.args[:n], *node.args[n + 1:])), f"{node.args[n]} dropped")
                   for path, node in nodes if isinstance(node, Mul) for n in range(len(node.args))]
        return dropped + [(2 * after, "doubled")]
    if kind == "term":
        dropped = [(_replace_at(after, path, Add(*node.args[:n], *node.args[n + 1:])), f"{node.args[n]} dropped")
                   for path, node in nodes if isinstance(node, Add) for n in range(len(node.args))]
        return dropped + [(after + 1, "1 added")]
    if kind == "exponent":
        return [(_replace_at(after, path, Pow(node.base, node.exp + 1)), f"{node} -> power {node.exp + 1}")
                for path, node in nodes if isinstance(node, Pow) and node.exp.is_Integer]
    if kind == "square":
        return [(_replace_at(after, path, Pow(node.base, node.exp / 2)), f"{node} unsquared")
                for path, node in nodes if isinstance(node, Pow) and node.exp in (2, -2)]
    if kind == "swap":
        indices = sorted(_indices(after, lengths), key=str)
        return [(after.xreplace({a: b, b: a}), f"{a} <-> {b}") for a, b in itertools.combinations(indices, 2)]
    if kind == "delta_one":
        return [(_replace_at(after, path, Integer(1)), f"{node} -> 1")
                for path, node in nodes if isinstance(node, KroneckerDelta)]
    if kind == "delta_times":
        edits = []
        taken = _indices(step.before, lengths) | _indices(after, lengths) | (
            _indices(step.case, lengths) if step.case is not None else set())
        for path, node in nodes:
            if not isinstance(node, KroneckerDelta):
                continue
            partner = next((arg for arg in node.args if arg in _free(after)), node.args[0])
            others = sorted(taken - set(node.args), key=str)
            other = rng.choice(others) if others else _fresh_index(after)
            extra = KroneckerDelta(other, partner)
            edits.append((_replace_at(after, path, node * extra), f"{node} -> {node}*{extra}"))
        return edits
    if kind in ("right", "left", "interval", "domain"):
        inputs = _real_inputs(step, derivation)
        if not inputs:
            return []
        x = derivation.variable if derivation.variable in inputs else rng.choice(inputs)
        if kind == "right":
            return [(after + Heaviside(x - 3) * (x - 3), f"+ Heaviside({x} - 3)*({x} - 3)")]
        if kind == "left":
            return [(after + Heaviside(-4 - x) * (-4 - x), f"+ Heaviside(-4 - {x})*(-4 - {x})")]
        if kind == "domain":
            return [(after * sqrt(x) * sqrt(1 / x), f"times sqrt({x}) sqrt(1/{x})")]
        c = Rational(rng.randint(-500, 500), 10)
        half = Rational(1, 2)
        bump = Piecewise(((x - c + half) * (c + half - x), (x > c - half) & (x < c + half)), (0, True))
        return [(after + bump, f"+ a bump on ({c - half}, {c + half}) in {x}")]
    raise ValueError(f"unknown kind of mutant: {kind}")


def _nodes(expr: Basic, path: tuple = ()) -> Iterator[tuple[tuple, Expr]]:
    """(path, node) for every sub-expression a slip may change, in order: the bodies of sums,
    derivatives and pieces, never their limits, variables or conditions, nor the indices of z_ij."""
    if not isinstance(expr, Expr):
        return
    yield path, expr
    if isinstance(expr, (Indexed, KroneckerDelta)) or expr.is_Atom:
        return
    if isinstance(expr, (Sum, Derivative)):
        yield from _nodes(expr.args[0], path + (0,))
    elif isinstance(expr, Piecewise):
        for n, pair in enumerate(expr.args):
            yield from _nodes(pair.expr, path + (n, 0))
    else:
        for n, arg in enumerate(expr.args):
            yield from _nodes(arg, path + (n,))


def _replace_at(expr: Basic, path: tuple, new: Basic) -> Basic:
    """``expr`` with the node at ``path`` (one occurrence, not every equal one) replaced by ``new``."""
    if not path:
        return new
    args = list(expr.args)
    args[path[0]] = _replace_at(args[path[0]], path[1:], new)
    return expr.func(*args)


def _length_symbols(derivation: Derivation) -> set:
    """The symbols the sums run to (L), in the function or any step."""
    found = set()
    for expr in [derivation.expression, *[definition.body for definition in derivation.definitions],
                 *[part for step in derivation.all_steps() for part in (step.before, step.after)]]:
        for total in expr.atoms(Sum):
            for _, a, b in total.limits:
                found |= a.free_symbols | b.free_symbols
    return found


def _free(expr: Basic) -> set:
    """The free symbols of ``expr``, with those of the variables of its derivatives: SymPy leaves
    k out of Derivative(f(y_j), y_k) when f does not hold y_k."""
    found = set(expr.free_symbols)
    bound = {limit[0] for total in expr.atoms(Sum) for limit in total.limits}
    for derivative in expr.atoms(Derivative):
        for variable in derivative.variables:
            found |= variable.free_symbols - bound
    return found


def _indices(expr: Basic, lengths: set) -> set:
    return {symbol for symbol in _free(expr) if symbol.is_integer and symbol not in lengths}


def _fresh_index(expr: Basic) -> Symbol:
    taken = {symbol.name for symbol in expr.atoms(Symbol)}
    return Symbol(next(letter for letter in "mnpqrstuvw" if letter not in taken), integer=True)


def _real_inputs(step: Step, derivation: Derivation) -> list:
    """The real inputs of the step (x, alpha, z_ij; never a summation index's z_il), definitions unfolded."""
    found = set()
    for expr in (step.before, step.after):
        unfolded = _unfold(expr, derivation.definitions)
        free = _free(unfolded)
        found |= {atom for atom in unfolded.atoms(Indexed) if atom.free_symbols - {atom.base.label} <= free}
        found |= {symbol for symbol in free if isinstance(symbol, Symbol) and not symbol.is_integer
                  and not any(symbol == atom.base.label for atom in unfolded.atoms(Indexed))}
    return sorted(found, key=str)


# --------------------------------------------------------------------------------------------
# The oracle: does a mutant really differ from the original, on a set of positive measure?

LENGTHS = (3, 4)
GRID = 4001
SPAN = 100.0
NEAR, NEAR_POINTS = 5.0, 500
RELATIVE = 1e-6
WANTED = 3  # differing points that make a mutant differ
CONFIRM_AT_MOST = 40  # points the float pass finds that are confirmed at high precision, at most
ORACLE_SECONDS = 120.0


def really_differs(mutant: Mutant, original: Derivation) -> bool:
    return judge(mutant, original) == "differs"


def judge(mutant: Mutant, original: Derivation, seconds: float = ORACLE_SECONDS) -> str:
    """'differs', 'equivalent', or 'undecided' (nothing could be evaluated, or time ran out)."""
    try:
        definitions = tuple(original.definitions) + tuple(_witnesses(original))
        with time_limit(seconds, "the oracle"):
            if mutant.kind == "drop_case":
                return compare(original.result, mutant.derivation.result, None, definitions,
                               domain=original.expression, undefined_differs=True)
            before = original.all_steps()[mutant.step_number - 1]
            after = mutant.derivation.all_steps()[mutant.step_number - 1]
            # a side with no real value where the function has one is a difference (the domain kind)
            return compare(before.after, after.after, before.case, definitions, domain=original.expression,
                           undefined_differs=mutant.kind == "domain")
    except TimeLimit as error:
        if error.what != "the oracle":
            raise  # the caller's own bound ran out: it is the caller's to report
        return "undecided"
    except Exception:  # noqa: BLE001 -- SymPy or lambdify cannot work the mutant out: nothing is claimed
        return "undecided"


def compare(a: Expr, b: Expr, case: Basic | None, definitions: Sequence = (), *, domain: Expr | None = None,
            undefined_differs: bool = False) -> str:
    """Whether ``a`` and ``b`` differ at WANTED points or more under ``case``: 'differs',
    'equivalent' or 'undecided'. Only points where ``domain`` (the function differentiated) and
    each part of it are real count: a derivative says nothing where its function is not real
    (log x at x < 0). With ``undefined_differs``, a point where ``a`` has a value and ``b`` none
    (a case left out) counts as a difference."""
    a, b, case = sympify(a), sympify(b), None if case is None else sympify(case)
    domain = S.Zero if domain is None else sympify(domain)
    definitions = tuple(definitions)
    unfolded = [_unfold(expr, definitions) for expr in (a, b, domain)] + ([case] if case is not None else [])
    lengths = set()
    for expr in unfolded:
        for total in expr.atoms(Sum):
            for _, low, high in total.limits:
                lengths |= low.free_symbols | high.free_symbols
    indices = sorted(set().union(*[_indices(expr, lengths) for expr in unfolded]), key=str)
    differing, evaluated = 0, 0
    for n in (LENGTHS if lengths or indices else (None,)):
        for values in _patterns(indices, n):
            concrete = {symbol: Integer(n) for symbol in lengths} | dict(zip(indices, map(Integer, values)))
            relation = S.true if case is None else case.xreplace(concrete)
            if isinstance(relation, BooleanFalse):
                continue
            try:
                left, right = _prepared(a, definitions, concrete), _prepared(b, definitions, concrete)
                region = relation if isinstance(relation, BooleanTrue) else _real(relation)
                function = _prepared(domain, definitions, concrete)
                found, usable = _differing(left, right, region, function, undefined_differs, WANTED - differing)
            except TimeLimit:
                raise
            except Exception:  # noqa: BLE001 -- SymPy or lambdify cannot work it out here: nothing to compare
                continue
            differing += found
            evaluated += usable
            if differing >= WANTED:
                return "differs"
    return "equivalent" if evaluated else "undecided"


def _patterns(indices: Sequence, n: int | None) -> Iterator[tuple[int, ...]]:
    """Every pattern of equal and unequal values of ``indices`` that fits in 1..n: the blocks of
    each partition get the values 1, 2, ... in order."""
    if not indices:
        yield ()
        return
    for blocks in _partitions(list(range(len(indices)))):
        if n is not None and len(blocks) > n:
            continue
        values = [0] * len(indices)
        for value, block in enumerate(blocks, start=1):
            for position in block:
                values[position] = value
        yield tuple(values)


def _partitions(items: list) -> Iterator[list[list]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in _partitions(rest):
        yield [[first], *partition]
        for position in range(len(partition)):
            yield partition[:position] + [[first, *partition[position]]] + partition[position + 1:]


def _unfold(expr: Basic, definitions: Sequence) -> Basic:
    """``expr`` with every defined name replaced by its body, until none is left."""
    for _ in range(10):
        unfolded = expr
        for definition in definitions:
            unfolded = definition.unfold(unfolded)
        if unfolded == expr:
            return expr
        expr = unfolded
    return expr


@functools.lru_cache(maxsize=4096)
def _prepared_cached(expr: Basic, definitions: tuple, concrete: tuple) -> Expr:
    expr = _unfold(expr, definitions).xreplace(dict(concrete))
    expr = _write_out(expr)
    return _real(expr).doit().xreplace({zoo: nan})  # 1/0: no value (lambdify cannot print zoo)


def _prepared(expr: Basic, definitions: tuple, concrete: dict) -> Expr:
    """``expr`` at these lengths and index values: definitions unfolded, sums written out, every
    input a real symbol, every derivative worked out by SymPy."""
    return _prepared_cached(expr, definitions, tuple(sorted(concrete.items(), key=str)))


def _write_out(expr: Basic) -> Basic:
    def write(total):
        (l, a, b), = total.limits
        return Add(*[total.function.xreplace({l: Integer(value)}) for value in range(int(a), int(b) + 1)])

    for _ in range(10):  # a sum inside a sum: the inner one is written out on the next pass
        written = expr.replace(lambda node: isinstance(node, Sum) and len(node.limits) == 1
                               and all(bound.is_Integer for bound in node.limits[0][1:]), write)
        if written == expr:
            return expr
        expr = written
    return expr


def _real(expr: Basic) -> Basic:
    """``expr`` with each input (x, z[1, 2]) a real symbol of its own (a positive one stays positive)."""
    swaps = {}
    for atom in expr.atoms(Indexed):
        if all(index.is_Integer for index in atom.indices):
            swaps[atom] = Symbol(f"{atom.base.label}__" + "_".join(str(index) for index in atom.indices), real=True)
    expr = expr.xreplace(swaps)
    plain = {symbol: Symbol(symbol.name, real=True) for symbol in expr.free_symbols
             if isinstance(symbol, Symbol) and symbol.is_real is None}
    return expr.xreplace(plain)


def _points(symbols: Sequence[Symbol]) -> dict:
    """The grid: 4001 points over [-100, 100] for one input; 4001 random points over
    [-100, 100]^n and 500 over [-5, 5]^n for several; positive inputs take the absolute value."""
    if len(symbols) <= 1:
        columns = [numpy.linspace(-SPAN, SPAN, GRID)] * len(symbols)
        size = GRID
    else:
        rng = numpy.random.default_rng(20240611)
        wide = rng.uniform(-SPAN, SPAN, (GRID, len(symbols)))
        near = rng.uniform(-NEAR, NEAR, (NEAR_POINTS, len(symbols)))
        table = numpy.vstack([wide, near])
        columns = [table[:, n] for n in range(len(symbols))]
        size = GRID + NEAR_POINTS
    values = {}
    for symbol, column in zip(symbols, columns):
        values[symbol] = numpy.abs(column) + 1e-3 if symbol.is_positive else column
    return {"size": size, "values": values}


_NUMPY = [{"erf": numpy.vectorize(math.erf, otypes=[float]), "erfc": numpy.vectorize(math.erfc, otypes=[float])},
          "numpy"]


def _values(expr: Basic, symbols: Sequence[Symbol], grid: dict) -> numpy.ndarray:
    """The value of ``expr`` at every point of ``grid`` in float: nan where it is not real or not defined."""
    size = grid["size"]
    columns = [grid["values"][symbol] for symbol in symbols]
    with warnings.catch_warnings(), numpy.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            raw = numpy.asarray(lambdify(symbols, expr, modules=_NUMPY)(*columns))
            if raw.dtype == object:
                raw = raw.astype(complex)
        except Exception:  # noqa: BLE001 -- a function numpy lacks: point by point in mpmath
            raw = numpy.array([_exact(expr, symbols, [column[n] for column in columns], 15) for n in range(size)],
                              dtype=complex)
    raw = numpy.broadcast_to(raw, (size,))
    if numpy.iscomplexobj(raw):
        raw = numpy.where(raw.imag == 0, raw.real, numpy.nan)
    return raw.astype(float)


def _exact(expr: Basic, symbols: Sequence[Symbol], point: Sequence[float], digits: int):
    """The value at ``point`` with ``digits`` digits: a real mpf, or nan where there is none."""
    function = _mpmath_function(expr, tuple(symbols))
    with mpmath.workdps(digits):
        try:
            value = function(*[mpmath.mpf(float(v)) for v in point])
        except Exception:  # noqa: BLE001 -- undefined here (a division by 0, a log of 0)
            return mpmath.nan
        if value is None:
            return mpmath.nan
        value = mpmath.mpmathify(value)
        if isinstance(value, mpmath.mpc):
            return value.real if value.imag == 0 else mpmath.nan
        return value


@functools.lru_cache(maxsize=1024)
def _mpmath_function(expr: Basic, symbols: tuple):
    return lambdify(symbols, expr, modules="mpmath")


def _differing(left: Expr, right: Expr, region, function: Expr, undefined_differs: bool, wanted: int
               ) -> tuple[int, int]:
    """(how many points differ, up to ``wanted``; how many points both sides could be evaluated at),
    of the points in ``region`` where ``function`` is real."""
    symbols = sorted(left.free_symbols | right.free_symbols | region.free_symbols | function.free_symbols, key=str)
    grid = _points(symbols)
    a, b = _values(left, symbols, grid), _values(right, symbols, grid)
    inside = numpy.ones(grid["size"], dtype=bool)
    if not isinstance(region, BooleanTrue):
        with warnings.catch_warnings(), numpy.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            inside = numpy.broadcast_to(numpy.asarray(lambdify(symbols, region, modules="numpy")(
                *[grid["values"][symbol] for symbol in symbols]), dtype=bool), (grid["size"],))
    inside = inside & _real_where(function, tuple(symbols))
    both = inside & numpy.isfinite(a) & numpy.isfinite(b)
    found = 0
    if undefined_differs:
        found += int(numpy.count_nonzero(inside & numpy.isfinite(a) & ~numpy.isfinite(b)))
        if found >= wanted:
            return found, int(numpy.count_nonzero(both)) + found
    with numpy.errstate(all="ignore"):
        apart = both & (numpy.abs(a - b) > RELATIVE * numpy.maximum(numpy.abs(a), numpy.abs(b)))
    candidates = numpy.flatnonzero(apart)
    if len(candidates) > CONFIRM_AT_MOST:  # spread over the grid
        candidates = candidates[numpy.linspace(0, len(candidates) - 1, CONFIRM_AT_MOST).astype(int)]
    for n in candidates:
        if found >= wanted:
            break
        point = [grid["values"][symbol][n] for symbol in symbols]
        if _confirmed(left, right, symbols, point):
            found += 1
    return found, int(numpy.count_nonzero(both))


@functools.lru_cache(maxsize=256)
def _real_where(function: Expr, symbols: tuple) -> numpy.ndarray:
    """Where on the grid of ``symbols`` the function and each part of it that varies are real."""
    grid = _points(symbols)
    real = numpy.ones(grid["size"], dtype=bool)
    for part in {node for node in preorder_traversal(function)
                 if isinstance(node, Expr) and not node.is_Atom and node.free_symbols}:
        real &= numpy.isfinite(_values(part, symbols, grid))
    return real


def _confirmed(left: Expr, right: Expr, symbols: Sequence[Symbol], point: Sequence[float]) -> bool:
    """The float values differ here, and so they do at 30 and 60 digits, by the same amount: a
    difference that is not rounding (two zeros computed as 1e-17 and -1e-17)."""
    try:
        low = [_exact(side, symbols, point, 30) for side in (left, right)]
        high = [_exact(side, symbols, point, 60) for side in (left, right)]
    except Exception:  # noqa: BLE001 -- mpmath cannot evaluate it: the float values decide
        return True
    if not all(mpmath.isfinite(value) for value in low + high):
        return False
    with mpmath.workdps(60):
        gap_low, gap_high = low[0] - low[1], high[0] - high[1]
        if abs(gap_high) <= RELATIVE * max(abs(high[0]), abs(high[1])):
            return False
        return abs(gap_low - gap_high) <= 1e-3 * abs(gap_high)


# --------------------------------------------------------------------------------------------
# Assumptions (the one-hot labels of the cross-entropy), for the oracle and the checker alike


def assumptions_of(derivation: Derivation) -> list:
    """The assumptions the steps use, each with a witness that makes it hold (one-hot labels:
    sum_j y_j = 1 with y_j = e^{w_j} / sum_m e^{w_m}), rebuilt from the step that uses it."""
    from derive.functions.softmax import one_hot_assumption

    found = []
    for step in derivation.all_steps():
        if step.rule.name != "use an assumption":
            continue
        statement = step.bindings["statement"]
        total, one = statement.lhs, statement.rhs
        if not (isinstance(total, Sum) and one == 1 and len(total.limits) == 1):
            raise ValueError(f"no witness known for the assumption {statement}")
        (index, _, length), = total.limits
        taken = {symbol.name for symbol in _all_symbols(derivation)}
        found.append(one_hot_assumption(total.function, index, length, taken))
    return found


def _witnesses(derivation: Derivation) -> list:
    return [assumption.witness for assumption in assumptions_of(derivation)]


def _all_symbols(derivation: Derivation) -> set:
    found = set()
    for expr in [derivation.expression, derivation.variable,
                 *[part for step in derivation.all_steps() for part in (step.before, step.after)]]:
        found |= expr.atoms(Symbol)
    return found


# --------------------------------------------------------------------------------------------
# The checker's verdict

VERIFY_SECONDS = 120.0


def verdict(derivation: Derivation, seconds: float = VERIFY_SECONDS) -> tuple[str, str]:
    """('verified' | 'rejected' | 'error', what the checker said): 'error' when the checker
    raised, or did not finish within ``seconds``."""
    from derive.functions.backward import verify_assuming
    from derive.checker.checks import verify

    try:
        with time_limit(seconds, "the checker"):
            assumptions = assumptions_of(derivation)
            checked = verify_assuming(derivation, assumptions) if assumptions else verify(derivation)
    except TimeLimit as error:
        return "error", f"TimeLimit: {error}"
    except Exception as error:  # noqa: BLE001 -- a checker that raises has still not passed the derivation
        return "error", f"{type(error).__name__}: {str(error)[:200]}"
    if checked.verified:
        return "verified", ""
    failed = checked.verification.failures
    return "rejected", (failed[0].subject + ": " + re.sub(r"\s+", " ", failed[0].detail)[:200]) if failed else ""


def outcome(mutant: Mutant, seconds: float = VERIFY_SECONDS) -> tuple[str, str]:
    """('caught' | 'escaped' | 'error', what the checker said) for one mutant."""
    said, detail = verdict(mutant.derivation, seconds)
    return {"verified": "escaped", "rejected": "caught"}.get(said, said), detail


def caught(mutant: Mutant) -> bool:
    """Whether the checker rejects the mutant (an error inside it counts as rejecting)."""
    return outcome(mutant)[0] != "escaped"
