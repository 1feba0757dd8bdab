"""Named derivations: each builds its expression, variable, definitions and closed form."""

from __future__ import annotations

from sympy import Eq, Indexed, IndexedBase, Ne, Sum, Symbol, exp, log, true

from derive.rules import Definition
from derive.rules.cases.use_assumption import Assumption

from derive.engine.run import Route, derive
from .notation import TEXTBOOK, Notation, softmax_in
from derive.show import show_text
from derive.engine.records import Derivation
from derive.engine.records import Symbol as Legend
from derive.engine.routes import route_named
from derive.checker.checks import verify


def softmax(route: str | Route = "quotient", notation: Notation = TEXTBOOK, *, check: bool = True) -> Derivation:
    """The derivative of softmax output S_j with respect to input z_k, step by step, verified.

    The closed form it is checked against is S_j (1 - S_k) for j = k and -S_j S_k for j != k.
    """
    chosen = route_named(route)
    if not isinstance(notation, Notation):
        raise TypeError(f"notation must be a derive.functions.notation.Notation, not {type(notation).__name__}")
    sm = softmax_in(notation)
    j, k = sm.indices
    S_j, _ = sm.definition.instance(j)
    S_k, _ = sm.definition.instance(k)
    closed_form = ((Eq(j, k), S_j * (1 - S_k)), (Ne(j, k), -S_j * S_k))
    title = "The derivative of softmax"
    derivation = derive(sm.expression, sm.variable, chosen, definitions=[sm.definition], title=title,
                        legend=sm.legend, closed_form=closed_form, name=S_j)
    return verify(derivation) if check else derivation


def _letters(notation: Notation) -> set[str]:
    return {notation.function, notation.input, notation.output, notation.wrt, notation.summation,
            notation.length, notation.sample} - {None}


def _new_letter(notation: Notation, letter: str, role: str) -> str:
    if letter in _letters(notation) or not letter.isidentifier():
        raise ValueError(f"'{letter}' cannot name {role}: it is already a letter of the notation, or not a name")
    return letter


def _fresh_letter(taken: set[str], candidates: str) -> str:
    return next(letter for letter in candidates if letter not in taken)


def _like(name: Indexed, base: str) -> Indexed:
    """``base`` with the indices of ``name``: g_ij beside S_ij."""
    return Indexed(IndexedBase(base), *name.indices)


def softmax_backward(notation: Notation = TEXTBOOK, *, upstream: str | None = None, check: bool = True) -> Derivation:
    """The backward pass (vector-Jacobian product) of softmax, step by step, verified.

    With the upstream gradient g_j = dLoss/dS_j held fixed, the chain rule gives
    dLoss/dz_k = sum_j g_j dS_j/dz_k, the derivative of sum_j g_j S_j; the proven softmax
    derivative is used for dS_j/dz_k. The closed form is S_k (g_k - sum_j g_j S_j).
    """
    from .backward import vector_jacobian_route

    proven = softmax(notation=notation)
    sm = softmax_in(notation)
    j, k = sm.indices
    S_j, S_k = sm.definition.instance(j)[0], sm.definition.instance(k)[0]
    letter = _new_letter(notation, upstream or _fresh_letter(_letters(notation), "ghGHuvwabcdefmnpqrst"),
                         "the upstream gradient")  # g, unless the notation has it already
    g_j, g_k = _like(S_j, letter), _like(S_k, letter)
    expression = Sum(g_j * sm.expression, (j, 1, sm.length))
    closed_form = ((true, S_k * (g_k - Sum(g_j * S_j, (j, 1, sm.length)))),)
    legend = sm.legend + (Legend(g_j, f"the upstream gradient ∂Loss/∂{show_text(S_j)}, held fixed: by the chain "
                                      f"rule ∂Loss/∂{show_text(sm.variable)} is the derivative of "
                                      f"Σ_{j} {show_text(g_j)} {show_text(S_j)}"),)
    derivation = derive(expression, sm.variable, vector_jacobian_route(proven), definitions=[sm.definition],
                        title="The backward pass of softmax", legend=legend, closed_form=closed_form)
    return verify(derivation) if check else derivation


def one_hot_assumption(label: Indexed, index: Symbol, length: Symbol, taken: set[str]) -> Assumption:
    """sum_j y_j = 1, with the witness y_j = e^{w_j} / sum_m e^{w_m} (letters not in ``taken``)."""
    w = IndexedBase(_fresh_letter(taken, "wvuqrstabcdefh"))
    m = Symbol(_fresh_letter(taken, "mnpqrstuvabcdef"), integer=True)
    at = lambda base, value: Indexed(base, *[value if i == index else i for i in label.indices])  # noqa: E731
    witness = Definition(label, exp(at(w, index)) / Sum(exp(at(w, m)), (m, 1, length)), index)
    return Assumption(Eq(Sum(label, (index, 1, length)), 1),
                      f"{label.base} is one-hot: one label is 1 and the others are 0", witness)


def softmax_cross_entropy(notation: Notation = TEXTBOOK, *, label: str | None = None,
                          check: bool = True, route: str | Route = "quotient") -> Derivation:
    """The gradient of the cross-entropy Loss = -sum_j y_j log S_j with respect to z_k, step by step.

    The labels are one-hot, stated as the assumption sum_j y_j = 1; the checker draws every point
    through a witness that honours it. The closed form is S_k - y_k. ``route``: the route of the
    proven softmax derivative it uses.
    """
    from .backward import cross_entropy_route, verify_assuming

    proven = softmax(route, notation=notation)
    sm = softmax_in(notation)
    j, k = sm.indices
    S_j, S_k = sm.definition.instance(j)[0], sm.definition.instance(k)[0]
    letter = _new_letter(notation, label or _fresh_letter(_letters(notation), "yYtTcdefhquvw"), "the labels")
    y_j, y_k = _like(S_j, letter), _like(S_k, letter)
    assumption = one_hot_assumption(y_j, j, sm.length, _letters(notation) | {letter})
    expression = -Sum(y_j * log(sm.expression), (j, 1, sm.length))
    legend = sm.legend + (Legend(y_j, f"the {j}-th label; one-hot, so Σ_{j} {show_text(y_j)} = 1"),)
    derivation = derive(expression, sm.variable, cross_entropy_route(proven, [assumption]),
                        definitions=[sm.definition], title="The gradient of the softmax cross-entropy",
                        legend=legend, closed_form=((true, S_k - y_k),), name=Symbol("Loss"))
    return verify_assuming(derivation, [assumption]) if check else derivation
