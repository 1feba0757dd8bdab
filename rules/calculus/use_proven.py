"""use a proven derivative: once d f_j / d x_k has been derived and verified, d f_m / d x_n is its
result with j, k renamed to m, n (rename the free indices, nothing else).

`use_proven(derivation)` builds the rule from a verified derivation (any object with
``expression``, ``variable``, ``unified``, ``verified`` and ``title``). Its rewrite replaces a
derivative d f / d x by that derivation's result when ``f`` and ``x`` are the derivation's
expression and variable with their free indices renamed, and leaves every other node alone.
The result is put in brackets (held), so that SymPy does not merge it into the product around
it: whatever cancels afterwards cancels in a step of its own (a lemma's result of one term is
not held: see `use_proven`'s ``hold_products``).
"""

from itertools import product

from sympy import Add, Derivative, Indexed, Symbol, preorder_traversal
from sympy.concrete.expr_with_limits import ExprWithLimits

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import derivative_parts, hold, unhold


def _free_indices(expr):
    """The index symbols of ``expr``'s indexed atoms that are free in it (j and i of z_ij, not l
    of sum_l; not the length L either, which is no index)."""
    used = {index for atom in expr.atoms(Indexed) for index in atom.indices if isinstance(index, Symbol)}
    return used & expr.free_symbols


def _bound(expr):
    """The summation (or integration) indices bound somewhere inside ``expr``."""
    return {variable for node in preorder_traversal(expr) if isinstance(node, ExprWithLimits)
            for variable in node.variables}


def _match_variable(pattern, target, free):
    """The renaming of ``free`` symbols that makes ``pattern`` (the proven variable) ``target``."""
    if pattern == target:
        return {}
    if not (isinstance(pattern, Indexed) and isinstance(target, Indexed) and pattern.base == target.base
            and len(pattern.indices) == len(target.indices)):
        return None
    renaming = {}
    for p, t in zip(pattern.indices, target.indices):
        if p in free:
            if renaming.setdefault(p, t) != t:
                return None
        elif p != t:
            return None
    return renaming


def match(derivation, f, x):
    """The renaming of the proven derivation's free indices that turns its expression into ``f``
    and its variable into ``x``, or None when there is none."""
    free = _free_indices(derivation.expression) | _free_indices(derivation.variable)
    renaming = _match_variable(derivation.variable, x, free)
    if renaming is None:
        return None
    rest = sorted(_free_indices(derivation.expression) - set(renaming), key=str)
    values = sorted({index for atom in f.atoms(Indexed) for index in atom.indices}, key=str)
    for chosen in product(values, repeat=len(rest)):
        candidate = {**renaming, **dict(zip(rest, chosen))}
        if derivation.expression.xreplace(candidate) == f:
            return candidate
    return None


def use_proven(derivation, *, hold_products: bool = True) -> Rule:
    """The rule "proven derivative" for one verified derivation. ``hold_products`` False: a result
    of one term (the 1/N of d mu/dx_k, the x_k/(N r) of d r/dx_k) is not held in brackets, but
    merges with the factors around it like any factor; a result of several terms still is."""
    if not derivation.verified:
        raise ValueError(f"'{derivation.title}' is not verified: only a proven derivative may be used")
    bound = _bound(derivation.expression) | _bound(derivation.unified)

    def use(node, context):
        parts = derivative_parts(node)
        if parts is None:
            return None
        f, x = parts
        f = unhold(f)  # the function held as one whole, (gamma_j x_j / r), is the function
        renaming = match(derivation, f, x)
        if renaming is None or set(renaming.values()) & bound:
            return None  # no match, or a renaming that a sum inside the result would capture
        result = derivation.unified.xreplace(renaming)
        held = hold(result) if hold_products or result.has(Add) else result
        return Rewrite(held, {"f": f, "x": x, "result": result})

    title = derivation.title[:1].lower() + derivation.title[1:]
    title = title.replace("{", "{{").replace("}", "}}")
    return Rule(
        name="proven derivative",
        law=(r"\frac{\partial f_m}{\partial x_n} = r_{mn} \quad \text{when } "
             r"\frac{\partial f_j}{\partial x_k} = r_{jk} \text{ was proven}"),
        template=f"the derivative of {{f}} with respect to {{x}} was proven above ({title}): {{result}}",
        rewrite=use,
        on=(Derivative,),
        explanation=("The derivation above proved the derivative for any output and any input; here "
                     "it is read with the indices of {f} and {x}. Its result is put in brackets as a "
                     "whole, so that anything that cancels against it cancels in a step of its own."),
    )
