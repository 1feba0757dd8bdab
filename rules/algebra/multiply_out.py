"""multiply out: a (b + c) + d = a b + a c + d, when like terms then cancel and the sum gets shorter

-y (1 - sigma) + (1 - y) sigma multiplied out is -y + y sigma + sigma - y sigma, in which y sigma
cancels: sigma - y. The rule applies only when that makes the sum shorter (fewer operations), and
only to sums whose terms hold at most one bracket each, so the multiplied-out sum has at most two
terms per term: it never multiplies a product of brackets out into a large polynomial. A
bracket another rule holds on purpose (a fraction split in two) is left as it is.
"""

from sympy import Add, Derivative, Mul, count_ops

from derive.rules.base import Rule, Rewrite


MAX_TERMS = 8  # a longer sum is left as it is: the rule is for the few terms a textbook cancels by hand


def multiply_out(node, context):
    if len(node.args) > MAX_TERMS or node.has(Derivative):
        return None  # not while derivatives are left to work out: the calculus comes first
    terms = []
    for term in node.args:
        parts = Mul.make_args(term)  # a bracket held by another rule (split the fraction) stays whole
        brackets = [part for part in parts if isinstance(part, Add)]
        if len(brackets) > 1:
            return None
        if not brackets:
            terms.append(term)
            continue
        others = Mul(*[part for part in parts if part is not brackets[0]])
        terms.extend(others * inner for inner in brackets[0].args)
    after = Add(*terms)
    if len(Add.make_args(after)) >= len(terms) or count_ops(after) >= count_ops(node):
        return None  # no like terms met (cheap to see), or the sum got no shorter
    return Rewrite(after, {"sum": node})


multiply_out_rule = Rule(
    name="multiply out",
    law=r"a (b + c) + d = a b + a c + d",
    template="multiplied out, the terms of {sum} cancel in part, which leaves a shorter sum",
    rewrite=multiply_out,
    on=(Add,),
)
