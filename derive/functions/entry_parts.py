"""What each symbol of a proven derivation of indexed inputs stands for in generated code: the
input (the variable's base), the constant arrays, the lengths read from shapes, the keyword
parameters (epsilon), the named parts computed in dependency order, the output's indices and
the size of each. Read from the derivation alone, never written for one function; the code is
written by `derive.functions.entry_code`.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass

from sympy import Basic, Indexed, Sum, Symbol

from derive.functions.codegen import Untranslatable

RESERVED = {"np", "torch", "math"}


def python_name(symbol) -> str:
    """The Python name of a symbol or base (epsilon stays epsilon; a keyword gets a trailing _)."""
    text = str(symbol)
    if not text.isidentifier() or text in RESERVED or text.startswith("_"):
        raise Untranslatable(f"{text} cannot name a variable of the generated code")
    return text + "_" if keyword.iskeyword(text) else text


def base_of(node):
    return node.base if isinstance(node, Indexed) else node


@dataclass(frozen=True)
class Parts:
    """What each symbol of a derivation stands for in the generated code."""

    variable: Indexed
    arrays: tuple            # the parameters that are arrays: the variable's base first, then the constants
    definitions: tuple       # named parts, in the order they are computed
    lengths: dict            # length symbol -> source reading it from a shape
    keywords: dict           # plain symbol -> its default (None: required)
    outputs: tuple           # the output's free indices, in order
    extents: dict            # free index -> source of its size
    own_sizes: dict          # named part's base -> {its index: source of its size}
    ranks: dict              # array's base -> how many of its axes are indices (the rest lead: the batch)


def _unfolded(derivation, expr: Basic) -> Basic:
    for definition in derivation.definitions:  # latest first: one pass leaves the inputs
        expr = definition.unfold(expr)
    return expr


def _free_indices(expr: Basic, bound=frozenset()) -> list:
    """The free indices of ``expr``, in the order its indexed atoms (widest first) name them."""
    bound = set(bound)
    for node in expr.atoms(Sum):
        bound |= {limit[0] for limit in node.limits}
    found = []
    atoms = sorted(expr.atoms(Indexed), key=lambda atom: (-len(atom.indices), str(atom)))
    for atom in atoms:
        for index in atom.indices:
            if isinstance(index, Symbol) and index not in bound and index not in found:
                found.append(index)
    return found


def parts(derivation) -> Parts:
    """Read what each symbol is from the derivation; Untranslatable where the translator has no form."""
    from derive.functions.layer_jacobian import DEFAULTS

    variable = derivation.variable
    if not isinstance(variable, Indexed):
        raise Untranslatable("code for indexed inputs needs an indexed variable")
    named = {base_of(definition.name) for definition in derivation.definitions}
    every = [derivation.expression, derivation.unified, *(definition.body for definition in derivation.definitions)]
    unfolded = [_unfolded(derivation, expr) for expr in every]
    order = [base_of(entry.symbol) for entry in derivation.legend]
    constants = sorted({atom.base for expr in unfolded for atom in expr.atoms(Indexed)} - named - {variable.base},
                       key=lambda base: (order.index(base) if base in order else len(order), str(base)))
    arrays = (variable.base, *constants)
    rank_of = {}
    for expr in unfolded + [variable]:
        for atom in expr.atoms(Indexed):
            if atom.base in rank_of and rank_of[atom.base] != len(atom.indices):
                raise Untranslatable(f"{atom.base} is written with different numbers of indices")
            rank_of[atom.base] = len(atom.indices)

    def shape_of(index, expr) -> str | None:
        for atom in sorted(expr.atoms(Indexed), key=lambda atom: (arrays.index(atom.base) if atom.base in arrays
                                                                  else len(arrays), str(atom))):
            if atom.base in arrays and index in atom.indices:
                position = atom.indices.index(index) - len(atom.indices)
                return f"{python_name(atom.base)}.shape[{position}]"
        return None

    lengths = {}
    for expr in unfolded:
        for node in expr.atoms(Sum):
            for index, lower, upper in node.limits:
                if lower != 1 or not isinstance(upper, Symbol):
                    raise Untranslatable(f"a sum from {lower} to {upper}: only sums from 1 to a length are translated")
                source = shape_of(index, node.function)
                if source is None:
                    raise Untranslatable(f"no array gives the length {upper}")
                lengths.setdefault(upper, source)
    outputs = tuple(_free_indices(derivation.expression))
    for position, index in enumerate(variable.indices):
        if index in outputs and any(atom.indices[position] != index for atom in unfolded[0].atoms(Indexed)
                                    if atom.base == variable.base):
            raise Untranslatable(f"the output's index {index} is the input's too, yet the output reads inputs at other "
                                 f"values of it: its Jacobian needs an index of its own (--wrt with another letter)")
    extents = {}
    for index in (*outputs, *variable.indices):
        source = next((found for found in (shape_of(index, expr) for expr in (unfolded[0], variable, unfolded[1]))
                       if found is not None), None)
        if source is None:
            raise Untranslatable(f"no array gives the size of the index {index}")
        extents[index] = source
    labels = {atom.base.label for expr in every + [variable] for atom in expr.atoms(Indexed)}
    plain = {symbol for expr in every for symbol in expr.free_symbols if isinstance(symbol, Symbol)} - labels
    indices = {index for atom in (a for expr in every + [variable] for a in expr.atoms(Indexed))
               for index in atom.indices}
    bound = {limit[0] for expr in every for node in expr.atoms(Sum) for limit in node.limits}
    keywords = {symbol: DEFAULTS.get(str(symbol)) for symbol in sorted(plain - indices - bound - set(lengths)
                                                                      - named, key=str)}
    own_sizes = {}
    for definition, body in zip(derivation.definitions, unfolded[2:]):
        if isinstance(definition.name, Indexed):
            sizes = {index: shape_of(index, body) for index in definition.name.indices}
            if None in sizes.values():
                raise Untranslatable(f"no array gives the size of {definition.name}'s indices")
            own_sizes[definition.name.base] = sizes
    return Parts(variable, arrays, _in_order(derivation.definitions), lengths, keywords, outputs, extents, own_sizes,
                 {base: rank_of[base] for base in arrays})


def _in_order(definitions) -> tuple:
    """The definitions, each after those its body uses."""
    names = {base_of(definition.name): definition for definition in definitions}
    done, ordered = set(), []

    def visit(definition, path=()):
        base = base_of(definition.name)
        if base in done:
            return
        if base in path:
            raise Untranslatable(f"{base} is defined through itself")
        for other in uses(definition.body, names):
            visit(names[other], path + (base,))
        done.add(base)
        ordered.append(definition)

    for definition in reversed(definitions):
        visit(definition)
    return tuple(ordered)


def uses(expr: Basic, names) -> set:
    found = {atom.base for atom in expr.atoms(Indexed) if atom.base in names}
    return found | {symbol for symbol in expr.free_symbols if symbol in names}
