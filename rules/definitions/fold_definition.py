"""fold into a definition: when S_j is defined as f(j), the expression f(m) is written S_m; a plain
name folds the same way (sum_l x_l / N is written mu when mu is defined so). Each factor of the
definition must stand in the node to the same power (fold_part_of_power takes part of a power)."""

import functools
from itertools import product

from sympy import Dummy, Indexed, Mul, Pow, Sum, Symbol, UnevaluatedExpr

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors, unhold


PLACES = tuple(Dummy(f"place{depth}", integer=True) for depth in range(8))


@functools.lru_cache(maxsize=8192)
def canonical(expr):
    """``expr`` with the index of every sum renamed by its depth: sum_m x_m and sum_l x_l, the
    same sum under two letters, become one expression."""
    def rename(node, depth):
        if not node.args:
            return node
        if isinstance(node, Sum) and len(node.limits) == 1 and depth < len(PLACES):
            (m, a, b), = node.limits
            return Sum(rename(node.function.xreplace({m: PLACES[depth]}), depth + 1), (PLACES[depth], a, b))
        return node.func(*[rename(arg, depth) for arg in node.args])

    return rename(expr, 0) if expr.has(Sum) else expr


@functools.lru_cache(maxsize=8192)
def powers(expr):
    """``expr`` as a product: each base (as `canonical` writes it) with its total exponent, and the
    base as it stands."""
    found, bases = {}, {}
    for factor in factors(expr):
        base, exponent = factor.as_base_exp() if isinstance(factor, Pow) else (factor, 1)
        key = canonical(base)
        found[key] = found.get(key, 0) + exponent
        bases.setdefault(key, base)
    return found, bases


def instances(definition, inner):
    """(name, body) of every instance of the definition the node may hold: a plain name as it is;
    an indexed one at each index (each tuple of indices, for xhat_ic) the node's inputs carry."""
    if definition.index == () and not isinstance(definition.name, Indexed):
        return [(definition.name, definition.body)]
    atoms = inner.atoms(Indexed)
    candidates = sorted({index for atom in atoms for index in atom.indices}, key=str)
    parameters = definition.parameters
    # a parameter that indexes an input of the body (c of x_ic) can only take the values that
    # input carries at that place in the node: every factor of the body must stand in the node
    held = {}
    for atom in atoms:
        for place, index in enumerate(atom.indices):
            held.setdefault((atom.base, place), set()).add(index)
    each = []
    for parameter in parameters:
        allowed = set(candidates)
        for place in _places(definition.body, parameter):
            allowed &= held.get(place, set())
        each.append(sorted(allowed, key=str))
    if len(parameters) == 1:
        return [definition.instance(value) for value in each[0]]
    return [_instance_at(definition, values) for values in product(*each)]


@functools.lru_cache(maxsize=4096)
def _places(body, parameter):
    """The (input, place) pairs at which ``parameter`` indexes an input of ``body`` (x_ic: (x, 1) for c)."""
    return frozenset((atom.base, place) for atom in body.atoms(Indexed)
                     for place, index in enumerate(atom.indices) if index == parameter)


@functools.lru_cache(maxsize=8192)
def _instance_at(definition, values):
    renaming = dict(zip(definition.parameters, values))
    return definition.name.xreplace(renaming), definition.body.xreplace(renaming)


def fold(node, context, within):
    """The rewrite folding ``node`` into the first definition whose factors it holds, each to a
    power ``within(wanted, present)`` accepts."""
    if not context.definitions:  # nothing to fold into
        return None
    inner = unhold(node)
    present, bases = powers(inner)
    labels = _labels(inner)
    for definition in context.definitions:
        if not _labels(definition.body) <= labels:
            continue  # the node lacks an input or a name the body holds: no instance of it is there
        for name, body in instances(definition, inner):
            wanted, _ = powers(body)
            if not all(base in present and within(exponent, present[base]) for base, exponent in wanted.items()):
                continue
            if inner is not node and wanted != present:
                continue
            rest = [bases[key]**(present[key] - wanted.get(key, 0)) for key in present]
            after = Mul(name, *rest)
            return Rewrite(after, {"body": body, "name": name})
    return None


@functools.lru_cache(maxsize=8192)
def _labels(expr):
    """The names of the inputs (x of x_j) and the plain symbols other than indices in ``expr``."""
    return frozenset(atom.base for atom in expr.atoms(Indexed)) | frozenset(
        symbol for symbol in expr.free_symbols if isinstance(symbol, Symbol) and not symbol.is_integer)


def fold_definition(node, context):
    return fold(node, context, lambda wanted, present: wanted == present)


fold_definition_rule = Rule(
    name="fold into the definition",
    law=r"\frac{e^{z_m}}{\sum_{l} e^{z_l}} = S_m",
    template="{body} is the definition of {name}, so it is written {name}",
    rewrite=fold_definition,
    on=(Mul, UnevaluatedExpr),
)
