"""case split: an expression with delta_{jk} splits into the case j = k (delta = 1) and j != k (delta = 0)"""

from sympy import Eq, KroneckerDelta, Ne, S

from derive.rules.base import Branch, Rule, Rewrite


def split_on_kronecker_delta(node, context):
    a, b = node.args
    if a.is_number or b.is_number or (node.free_symbols & context.bound):
        return None
    if context.case is not None and decided_by(context.case, node) is not None:
        return None  # the case in force already says which it is
    return Rewrite(None, {"delta": node, "a": a, "b": b},
                   branches=(Branch(Eq(a, b), S.One), Branch(Ne(a, b), S.Zero)))


def decided_by(case, delta):
    """1 or 0 when the relation ``case`` (or one of its parts) fixes ``delta``; None otherwise."""
    a, b = delta.args
    for part in case.args if case.func.__name__ == "And" else (case,):
        if isinstance(part, (Eq, Ne)) and set(part.args) == {a, b}:
            return S.One if isinstance(part, Eq) else S.Zero
    return None


case_split = Rule(
    name="case split",
    law=r"\delta_{jk} = \begin{cases} 1 & j = k \\ 0 & j \ne k \end{cases}",
    template="{delta} is 1 when {a} = {b} and 0 when {a} ≠ {b}, so the two cases are carried on separately",
    rewrite=split_on_kronecker_delta,
    on=(KroneckerDelta,),
    explanation=("The Kronecker delta {delta} is a switch: 1 when {a} = {b}, 0 otherwise. Putting "
                 "1 or 0 in its place gives two different expressions, so each case is carried on "
                 "and simplified on its own."),
)
