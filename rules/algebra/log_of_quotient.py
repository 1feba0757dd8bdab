"""log of a quotient: log(a/b) = log a - log b, for positive a and b

The argument is split by ``numerator_denominator``: only factors with a negative integer
exponent go downstairs, so a rational coefficient (``log(2x/3)``) or ``e^{-x}`` is no
denominator. SymPy never combines logarithms on its own, so ``log a - log b`` stays as written
(an ``Add`` of ``log(a)`` and ``-1 * log(b)``). With nothing upstairs (``log(1/(x y))``) the
numerator is 1 and SymPy writes ``log 1`` as 0: the result is ``-log(x y)``.
"""

from sympy import Add, Integer, Mul, log

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import numerator_denominator


def split_log_of_quotient(node, context):
    if len(node.args) != 1 or not isinstance(node.args[0], Mul):
        return None
    a, b = numerator_denominator(node.args[0])
    if b == 1:
        return None
    return Rewrite(Add(log(a), Mul(Integer(-1), log(b))), {"a": a, "b": b})


log_of_quotient_rule = Rule(
    name="log of a quotient",
    law=r"\log \frac{a}{b} = \log a - \log b",
    template=("{a} and {b} are positive, so the logarithm of their quotient is the logarithm of "
              "{a} minus the logarithm of {b}"),
    rewrite=split_log_of_quotient,
    on=(log,),
    explanation=("The logarithm turns products into sums: dividing by {b} subtracts the "
                 "logarithm of {b}. The law needs {a} and {b} positive, as exponentials and sums "
                 "of exponentials are."),
)
