"""use an assumption: where an assumed equation's left side appears, it is replaced by its right
side (for one-hot labels: sum_j y_j = 1)

`use_assumption(assumption)` builds the rule from an `Assumption`: the equation, what it means in
words, and a witness for the checker, a definition of the symbols under which the equation holds
identically (y_j = e^{w_j} / sum_m e^{w_m} for sum_j y_j = 1), so that random points drawn through
the witness honour the assumption.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Basic, Eq, Sum

from derive.rules.base import Definition, Rule, Rewrite


@dataclass(frozen=True)
class Assumption:
    """``statement`` (an equation) is assumed; ``meaning`` says why in words; ``witness`` (a
    `Definition`) parametrises the symbols so that the statement holds at every point drawn."""

    statement: Eq
    meaning: str = ""
    witness: Definition | None = None


def same_up_to_dummy(node: Basic, pattern: Basic) -> bool:
    """Equal, or two single sums equal once the summation index of ``node`` is renamed."""
    if node == pattern:
        return True
    if not (isinstance(node, Sum) and isinstance(pattern, Sum) and len(node.limits) == len(pattern.limits) == 1):
        return False
    (l, a, b), (m, c, e) = node.limits[0], pattern.limits[0]
    if (a, b) != (c, e) or m in node.function.free_symbols - {l}:
        return False
    return node.function.xreplace({l: m}) == pattern.function


def use_assumption(assumption: Assumption) -> Rule:
    """The rule "use an assumption" for one assumed equation."""
    lhs, rhs = assumption.statement.lhs, assumption.statement.rhs

    def use(node, context):
        if not same_up_to_dummy(node, lhs):
            return None
        return Rewrite(rhs, {"lhs": node, "rhs": rhs, "statement": assumption.statement})

    because = f" ({assumption.meaning})" if assumption.meaning else ""
    because = because.replace("{", "{{").replace("}", "}}")
    return Rule(
        name="use an assumption",
        law=r"a = b \text{ assumed: } a \to b",
        template=f"we assumed {{statement}}{because}, so {{lhs}} is replaced by {{rhs}}",
        rewrite=use,
        on=(type(lhs),),
    )
