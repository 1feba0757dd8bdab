"""Derivatives in several variables: the gradient and the Hessian, each entry a derivation.

The gradient of f over (x_1, ..., x_n) is one derivation per partial derivative. The Hessian
reuses them: its row i holds the derivatives of the i-th first partial's verified result, each
a derivation that starts from d/dx_j of that result (the engine knows no checker: ``confirm``,
the checker, is handed in). Every entry is checked on its own; the whole is proven only when
every entry is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from sympy import Expr, Matrix

from derive.rules import Definition

from .records import Derivation
from .run import Route, derive

MAX_VARIABLES = 8


@dataclass(frozen=True)
class Gradient:
    """The partial derivatives of ``expression`` by each of ``variables``, in order."""

    expression: Expr
    variables: tuple[Expr, ...]
    derivations: tuple[Derivation, ...]

    @property
    def verified(self) -> bool:
        return all(derivation.verified for derivation in self.derivations)

    @property
    def vector(self) -> Matrix:
        return Matrix([derivation.unified for derivation in self.derivations])


@dataclass(frozen=True)
class Hessian:
    """The second partial derivatives: ``rows[i][j]`` is d/dx_j of the gradient's i-th entry."""

    gradient: Gradient
    rows: tuple[tuple[Derivation, ...], ...]

    @property
    def expression(self) -> Expr:
        return self.gradient.expression

    @property
    def variables(self) -> tuple[Expr, ...]:
        return self.gradient.variables

    @property
    def verified(self) -> bool:
        return self.gradient.verified and all(entry.verified for row in self.rows for entry in row)

    @property
    def derivations(self) -> tuple[Derivation, ...]:
        """Every derivation: the gradient's, then the rows'."""
        return self.gradient.derivations + tuple(entry for row in self.rows for entry in row)

    @property
    def matrix(self) -> Matrix:
        return Matrix([[entry.unified for entry in row] for row in self.rows])


def gradient(expression: Expr, variables: Sequence[Expr], route: Route, *,
             confirm: Callable[[Derivation], Derivation] = lambda derivation: derivation,
             definitions: Sequence[Definition] = ()) -> Gradient:
    """Every first partial derivative of ``expression``, each derived and ``confirm``-ed."""
    variables = tuple(variables)
    if not 1 <= len(variables) <= MAX_VARIABLES or len(set(variables)) != len(variables):
        raise ValueError(f"a gradient takes 1 to {MAX_VARIABLES} distinct variables, not {len(variables)}")
    derivations = tuple(confirm(derive(expression, variable, route, definitions=definitions,
                                       title=f"The partial derivative by {variable}"))
                        for variable in variables)
    return Gradient(derivations[0].expression, variables, derivations)


def hessian(expression: Expr, variables: Sequence[Expr], route: Route, *,
            confirm: Callable[[Derivation], Derivation] = lambda derivation: derivation,
            definitions: Sequence[Definition] = ()) -> Hessian:
    """Every second partial derivative: the derivatives of each first partial's result."""
    first = gradient(expression, variables, route, confirm=confirm, definitions=definitions)
    rows = []
    for partial in first.derivations:
        rows.append(tuple(confirm(derive(partial.unified, variable, route, definitions=definitions,
                                         title=f"The derivative by {variable} of the partial by {partial.variable}"))
                          for variable in first.variables))
    return Hessian(first, tuple(rows))


__all__ = ["Gradient", "Hessian", "MAX_VARIABLES", "gradient", "hessian"]
