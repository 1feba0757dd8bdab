"""A layer's backward pass, `derive layernorm --backward`: with g_j = dLoss/dy_j held fixed, the
vector-Jacobian product dLoss/dx_k = sum_j g_j dy_j/dx_k is the derivative of sum_j g_j y_j, derived
along softmax's backward route (`vector_jacobian_route`) with the layer's proven derivative as its
first rule, and checked against the layer's known form (`Layer.backward` in layers.py). Nothing here
is written for one layer: the problem is read off the proven derivation and the catalog entry.
"""

from __future__ import annotations

from typing import Mapping

from sympy import Indexed, IndexedBase, Sum

from derive.rules.forms import hold

from derive.engine.records import Derivation
from derive.engine.records import Symbol as Legend
from derive.engine.run import DerivationError, derive
from derive.show import show_text
from derive.checker.checks import verify
from derive.checker.points import length_symbols
from .backward import vector_jacobian_route
from .catalog import CATALOG, derive_entry

UPSTREAM = "g"  # the letter of the gradient from above; layers.py writes the known forms with it


def backward_shape(proven: Derivation, declared: Mapping = {}):
    """(output index j, the length N it runs over, the gradient g shaped as the output) of a layer
    whose output has one index the input does not share with it: y_j by x_k, y_ic by x_kc (channel c
    shared, g_ic), a_l by q_u (g_l), o_c by V_lu (g_c), y_i by W_jk (g_i). N is ``declared[j]`` (the
    layer's definition data), else read off the expression where it says it: a sum over the slot
    where j stands, of the same base. ValueError for another shape, or a length neither declared nor
    read."""
    variable, expression = proven.variable, proven.expression
    for definition in proven.definitions:  # latest first: one pass leaves plain sums
        expression = definition.unfold(expression)
    if not isinstance(variable, Indexed):
        raise ValueError(f"a backward pass needs an indexed input, not {variable}")
    free = {index for atom in expression.atoms(Indexed) for index in atom.indices} & expression.free_symbols
    outputs = sorted(free - set(variable.indices) - set(length_symbols(expression)), key=str)
    if len(outputs) != 1:
        raise ValueError(f"a backward pass here needs one output index summed against the input {variable}")
    (j,) = outputs
    N = declared.get(j, None)
    if N is None:
        N = summed_length(expression, j)
    if N is None:
        raise ValueError(f"the length the output index {j} runs over is neither declared nor said by the expression")
    if isinstance(proven.expression, Indexed):  # the output by its own name: g has its indices (a_l: g_l)
        indices = proven.expression.indices
    else:
        moving = [index for index in variable.indices if index not in free]
        shared = [index for index in variable.indices if index in free]
        # one input index moving against j: g is shaped as the input with j for it (x_kc: g_jc); else g_j
        indices = [j if index in moving else index for index in variable.indices] if len(moving) == 1 else [j, *shared]
    return j, N, Indexed(IndexedBase(UPSTREAM), *indices)


def summed_length(expression, j):
    """The length j runs over where the expression says it: j stands in slot s of a base B, and a sum
    over n from 1 to N has B with n in slot s (x_j beside sum_l x_l, l from 1 to N: N). None when no
    sum says it, or two say different lengths."""
    slots = {(atom.base, position) for atom in expression.atoms(Indexed)
             for position, index in enumerate(atom.indices) if index == j}
    found = set()
    for total in expression.atoms(Sum):
        for n, a, b in total.limits:
            if a != 1:
                continue
            if any((atom.base, position) in slots for atom in total.function.atoms(Indexed)
                   for position, index in enumerate(atom.indices) if index == n):
                found.add(b)
    return found.pop() if len(found) == 1 else None


def layer_backward(name: str, *, check: bool = True) -> Derivation:
    """The backward pass of the layer ``name`` of the catalog: with g_j = dLoss/dy_j held fixed,
    dLoss/dx_k = sum_j g_j dy_j/dx_k, the derivative of sum_j g_j y_j, derived with the layer's proven
    derivative along `vector_jacobian_route` and checked against the layer's known form.

    DerivationError for a layer whose derivative is not proven, or that has no backward pass here."""
    built = CATALOG[name].build()
    if not getattr(built, "backward", ()):
        raise DerivationError(f"{name} has no backward pass here: derive list shows the functions that take --backward")
    proven = derive_entry(name)
    if not proven.verified:
        raise DerivationError(f"the derivative of {name} is not proven, so no backward pass is derived from it")
    try:
        j, N, g_j = backward_shape(proven, dict(getattr(built, "lengths", ())))
    except ValueError as error:
        raise DerivationError(f"{name}: {error}") from None
    taken = {str(atom) for atom in proven.expression.atoms()} | {str(base) for base in _bases(proven)}
    if UPSTREAM in taken:
        raise DerivationError(f"{name} uses the letter {UPSTREAM} already: it cannot name the gradient from above")
    named = proven.expression.base if isinstance(proven.expression, Indexed) else IndexedBase("y")
    y_j = show_text(Indexed(named, *g_j.indices))  # the output by its own name (v_p), else as the papers call it
    output = show_text(proven.expression)
    called = "" if output == y_j else f" = {output}"
    legend = proven.legend + (Legend(g_j, f"the gradient ∂Loss/∂{y_j} that reaches the output {y_j}{called} from "
                                          f"above, held fixed: by the chain rule ∂Loss/∂{show_text(proven.variable)} "
                                          f"is the derivative of Σ_{j} {show_text(g_j)} {y_j}"),)
    expression = Sum(g_j * hold(proven.expression), (j, 1, N))  # y_j as one whole: the proven rule's to differentiate
    derivation = derive(expression, proven.variable, vector_jacobian_route(proven), definitions=proven.definitions,
                        title=f"The backward pass of {name}", legend=legend, closed_form=built.backward)
    return verify(derivation) if check else derivation


def _bases(derivation: Derivation):
    parts = (derivation.expression, derivation.unified,
             *[part for definition in derivation.definitions for part in (definition.name, definition.body)])
    return {atom.base for part in parts for atom in part.atoms(Indexed)}
