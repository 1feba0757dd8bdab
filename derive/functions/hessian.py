"""The second derivative of the softmax cross-entropy: d²Loss/dz_j dz_k = S_j (δ_jk − S_k).

The first order, dLoss/dz_k = S_k − y_k, is the verified derivation of
`softmax_cross_entropy`. Its result with k renamed j is dLoss/dz_j, and the second order is its
derivative by z_k: the labels y are held fixed, and dS_j/dz_k is the proven softmax derivative,
used as the rule for the name S (as `derive.engine.orders` uses a first order's result as the
rule for a function folded into a name), never derived again inline. The route is stated below.

Besides the checks of each order, the result is compared with SymPy's mixed second derivative of
the explicit loss (S unfolded, the sums written out), at points drawn through the one-hot
assumption's witness so that Σ_j y_j = 1 holds at every point.
"""

from __future__ import annotations

from dataclasses import replace

from sympy import Derivative, Expr, Indexed, Symbol, true

from derive.rules.calculus.constant_rule import constant_rule
from derive.rules.calculus.sum_rule import sum_rule
from derive.rules.calculus.use_proven import use_proven

from derive.engine.orders import derive_mixed, proven_for_name
from derive.engine.records import Derivation, Verification
from derive.engine.run import Route
from derive.checker.checks import check_equal, verify
from derive.show import show_text


def second_order_route(proven: Derivation) -> Route:
    """d/dz_k (S_j − y_j): the sum rule, the proven softmax derivative for S, the labels held fixed."""
    return Route(
        name="second order of the cross-entropy",
        rules=(
            use_proven(proven_for_name(proven)),  # dS_j/dz_k = S_j (delta_jk - S_k), the proven softmax derivative
            sum_rule,                             # d(S_j - y_j) = dS_j - dy_j
            constant_rule,                        # dy_j/dz_k = 0: after the proven rule, which alone knows S_j
                                                  # depends on z (a name does not show it)
        ),
        description="the derivative of the proven gradient S_j - y_j by z_k, with the proven softmax derivative",
    )


def fresh_index(first: Derivation) -> Symbol:
    """The output index of the softmax (j), free in the gradient's result S_k − y_k."""
    definition = first.definitions[0]
    index = definition.index
    if index in first.unified.free_symbols:
        raise ValueError(f"the index {index} is already free in {first.unified}")
    return index


def softmax_cross_entropy_second(first: Derivation, proven: Derivation) -> Derivation:
    """d²Loss/dz_j dz_k from the verified first order ``first`` (dLoss/dz_k = S_k − y_k) and the
    verified softmax derivative ``proven``; verified, with the end-to-end check against SymPy."""
    index = fresh_index(first)
    name = first.definitions[0].name
    k = first.variable.indices[-1]
    S_j, S_k = name, name.xreplace({index: k})
    from sympy import KroneckerDelta

    closed_form = ((true, S_j * (KroneckerDelta(index, k) - S_k)),)
    title = "The second derivative of the softmax cross-entropy"
    derivation = derive_mixed(first, index, second_order_route(proven), confirm=verify, title=title,
                              closed_form=closed_form)
    derivation = replace(derivation, legend=first.legend + _legend(first, index), name=None)
    return checked_against_sympy(derivation, (one_hot_labels(first),))


def _legend(first: Derivation, index: Symbol):
    from derive.engine.records import Symbol as Legend

    variable = first.variable
    return (Legend(variable.xreplace({variable.indices[-1]: index}),
                   f"the input differentiated by first; the second order differentiates by {show_text(variable)}"),)


def one_hot_labels(first: Derivation):
    """The one-hot assumption Σ_j y_j = 1 of the first order, read from its result S_k − y_k (the
    labels are its indexed atoms other than S), with a witness in letters the loss does not use."""
    from sympy import IndexedBase, Sum

    from .softmax import one_hot_assumption

    definition = first.definitions[0]
    name, index = definition.name, definition.index
    k = first.variable.indices[-1]
    labels = sorted((atom for atom in first.unified.atoms(Indexed) if atom.base != name.base), key=str)
    if len(labels) != 1:
        raise ValueError(f"no single label in {first.unified}")
    length = next(iter(definition.body.atoms(Sum))).limits[0][2]
    taken = {str(symbol) for symbol in first.expression.free_symbols | first.variable.free_symbols}
    taken |= {str(atom.base) for atom in first.expression.atoms(Indexed)} | {str(IndexedBase(name.base))}
    return one_hot_assumption(labels[0].xreplace({k: index}), index, length, taken | {str(index), "l"})


def checked_against_sympy(derivation: Derivation, assumptions=()) -> Derivation:
    """Two checks of the whole, each against SymPy's derivative of the explicit loss (the checker
    unfolds S and works the derivatives out itself), at points honouring the assumptions (through
    their witnesses): where the second order starts is dLoss/dz_j (the first order's result with k
    renamed j), and the result is d²Loss/dz_j dz_k."""
    j, k = derivation.wrt
    loss = _bound_renamed(derivation.expression, j.free_symbols | k.free_symbols)
    start = next(step for step in derivation.all_steps() if step.stage == 2).before
    definitions = derivation.definitions + tuple(assumption.witness for assumption in assumptions)
    link = check_equal(f"the second order starts from the first order's result read at {show_text(j)}: "
                       f"∂Loss/∂{show_text(j)} = {show_text(start.expr)}", Derivative(loss, j), start.expr, None,
                       definitions)
    result = check_equal("result against sympy.diff twice (the explicit loss, by both inputs)",
                         Derivative(loss, j, k), derivation.unified, None, definitions)
    checks = derivation.verification
    return replace(derivation, verification=Verification(checks.steps, checks.result + (link, result), checks.seed))


def _bound_renamed(expression: Expr, free) -> Expr:
    """``expression`` with each summation index that is also a free index of the variables (the j
    of Σ_j y_j log S_j, when we differentiate by z_j) renamed to a letter used nowhere, so that
    SymPy's derivative by z_j does not reach into the sum's own j."""
    from sympy import Dummy, Sum

    def rename(node):
        if isinstance(node, Sum):
            body, limits = node.function, list(node.limits)
            for position, (index, low, high) in enumerate(limits):
                if index in free:
                    fresh = Dummy(f"{index}_", integer=True)
                    body, limits[position] = body.xreplace({index: fresh}), (fresh, low, high)
            return Sum(rename(body), *limits)
        return node.func(*[rename(arg) for arg in node.args]) if node.args else node

    return rename(expression)


def is_second_order(derivation) -> bool:
    """Whether ``derivation`` is a mixed second derivative by two indexed inputs (a Hessian's entry)."""
    return getattr(derivation, "order", 1) == 2 and len(getattr(derivation, "wrt", ())) == 2 \
        and all(isinstance(variable, Indexed) for variable in derivation.wrt)




def softmax_cross_entropy_hessian(notation=None, *, label: str | None = None, route: str = "quotient") -> Derivation:
    """d²Loss/dz_j dz_k for Loss = −Σ_j y_j log S_j, y one-hot, in ``notation`` (the textbook's by
    default): the first order and the softmax derivative, each proven, then the second order."""
    from .notation import TEXTBOOK
    from .softmax import softmax, softmax_cross_entropy

    notation = notation or TEXTBOOK
    first = softmax_cross_entropy(notation, label=label, route=route)
    return softmax_cross_entropy_second(first, softmax(route=route, notation=notation))


__all__ = ["checked_against_sympy", "is_second_order", "proven_for_name", "second_order_route", "softmax_cross_entropy_hessian",
           "softmax_cross_entropy_second"]
