"""A corpus of expressions to derive, for the benchmarks in this folder.

Each entry is ``Entry(kind, text, wrt)``: the class it belongs to (for per-class figures), the
expression as text read by `derive.readers.text.parse` (the same whitelist the command line uses), and
the variable to differentiate by (read by `derive.readers.text.parse_variable`). `parsed()` gives the
SymPy pairs.

The classes: polynomials, quotients, products, exp/log, trigonometric, hyperbolic, inverse
trigonometric and hyperbolic, erf, roots and |x|, general powers (a^x, x^x, f^g), compositions,
machine-learning functions, and softmax-like expressions of several (plain or indexed) inputs.
Every entry is derived and verified by `derive.differentiate`; `bench/corpus_run.py` reports
any that is not.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    kind: str
    text: str
    wrt: str


def _entries(kind: str, wrt: str, *texts: str) -> list[Entry]:
    return [Entry(kind, text, wrt) for text in texts]


CORPUS: list[Entry] = [
    *_entries(
        "polynomial", "x",
        "x^2", "3*x^5 - 2*x^3 + x - 7", "(x + 1)^3", "(2*x - 1)^4*(x + 3)", "x^10 + x^9/9 + x^8/8",
        "(x^2 + 1)^5", "(1 - x)^7", "x*(x - 1)*(x - 2)", "(x^3 - 2*x)^2 + 4*x", "5*x^4 - x^2/2 + pi*x",
    ),
    *_entries(
        "quotient", "x",
        "1/x", "1/(x^2 + 1)", "(x + 1)/(x - 1)", "x/(x^2 + 4)", "(x^2 - 1)/(x^2 + 1)",
        "(3*x + 2)/(x^3 + x + 1)", "1/(1 + x)^2", "x^2/(1 - x)^3", "(x + 2)/(x*(x + 3))",
        "x^3*exp(2*x)/(1 + x^2)",
    ),
    *_entries(
        "product", "x",
        "x*exp(x)", "x^2*sin(x)", "exp(x)*cos(x)", "x*log(x)", "sin(x)*cos(x)*tan(x)",
        "x*exp(-x)*log(x + 1)", "(x + 1)*(x + 2)*(x + 3)*(x + 4)", "x^3*exp(x)*sin(x)",
        "sqrt(x)*log(x)", "exp(x)*atan(x)",
    ),
    *_entries(
        "exp/log", "x",
        "exp(x)", "exp(3*x + 1)", "exp(-x^2)", "exp(x^2 - x)", "log(x)", "log(x^2 + 1)",
        "log(log(x))", "x^2*log(x)", "log(x)/x", "exp(x)/(1 + exp(x))", "log(x, 2)",
        "exp(exp(x))",
    ),
    *_entries(
        "trigonometric", "x",
        "sin(x)", "cos(2*x)", "tan(x)", "sin(x)^2", "sin(x)^2 + cos(x)^2", "cos(x)/sin(x)",
        "sin(3*x)*cos(5*x)", "tan(x^2 + 1)", "1/cos(x)", "sin(x)/x", "x*sin(1/x)",
        "sin(x + pi/4)",
    ),
    *_entries(
        "hyperbolic", "x",
        "sinh(x)", "cosh(x)", "tanh(x)", "tanh(2*x)^2", "sinh(x)*cosh(x)", "cosh(x)^2 - sinh(x)^2",
        "tanh(x)/x", "log(cosh(x))",
    ),
    *_entries(
        "inverse", "x",
        "asin(x)", "acos(x)", "atan(x)", "atan(x^2)", "asin(x/2)", "x*atan(x) - log(1 + x^2)/2",
        "asinh(x)", "acosh(x)", "atanh(x)", "atanh(x/3)",
    ),
    *_entries(
        "erf", "x",
        "erf(x)", "erf(2*x + 1)", "erf(x)^2", "x*erf(x)", "exp(x^2)*erf(x)",
    ),
    *_entries(
        "roots/abs", "x",
        "sqrt(x)", "sqrt(x^2 + 1)", "1/sqrt(x)", "x^(1/3)", "(x^2 + 1)^(3/2)", "sqrt(1 - x^2)",
        "abs(x)", "abs(x^2 - 1)", "x*abs(x)", "sqrt(abs(x) + 1)",
    ),
    *_entries(
        "powers", "x",
        "2^x", "10^(x^2)", "pi^x", "x^x", "x^sin(x)", "(x^2 + 1)^x", "sin(x)^cos(x)", "x^(1/x)",
    ),
    *_entries(
        "composition", "x",
        "sin(cos(x))", "cos(sin(cos(x)))", "exp(sin(x))", "log(cos(x))", "sqrt(sin(x))",
        "sin(exp(x^2))", "exp(sin(exp(x)))", "log(1 + sin(x)^2)", "atan(exp(x))", "tanh(sin(x))",
        "sin(sin(sin(sin(x))))", "exp(-exp(-x))",
    ),
    *_entries(
        "machine learning", "x",
        "1/(1 + exp(-x))",                              # sigmoid
        "log(1 + exp(x))",                              # softplus
        "x*tanh(log(1 + exp(x)))",                      # mish
        "x/(1 + exp(-x))",                              # swish / SiLU
        "x*(1 + erf(x/sqrt(2)))/2",                     # GELU (exact)
        "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))/2",  # GELU (tanh approximation)
        "(exp(x) - exp(-x))/(exp(x) + exp(-x))",        # tanh written out
        "log(1 + exp(-x))",                             # logistic loss
        "-log(1/(1 + exp(-x)))",                        # -log sigmoid
        "x/(1 + abs(x))",                               # softsign
        "log(exp(x) + exp(2*x))",                       # two-term log-sum-exp
        "exp(-x^2/2)/sqrt(2*pi)",                       # Gaussian density
        "sqrt(x^2 + 1) - 1",                            # pseudo-Huber
        "log(cosh(x - 2))",                             # log-cosh loss
        "1/(1 + exp(-x))*(1 - 1/(1 + exp(-x)))",        # sigmoid'
    ),
    *_entries(
        "several inputs", "z1",
        "exp(z1)/(exp(z1) + exp(z2) + exp(z3))",
        "exp(z2)/(exp(z1) + exp(z2) + exp(z3))",
        "log(exp(z1) + exp(z2) + exp(z3))",
        "z1*log(exp(z1)/(exp(z1) + exp(z2)))",
        "exp(z1/t)/(exp(z1/t) + exp(z2/t))",
        "w1*z1 + w2*z2 + b",
        "1/(1 + exp(-(w1*z1 + w2*z2 + b)))",
        "tanh(w*z1 + b)*z2",
    ),
    *_entries(
        "indexed", "z[1]",
        "exp(z[1])/(exp(z[1]) + exp(z[2]) + exp(z[3]))",
        "exp(z[2])/(exp(z[1]) + exp(z[2]) + exp(z[3]))",
        "log(exp(z[1]) + exp(z[2]))",
        "z[1]*z[2]*z[3]",
    ),
]


def parsed(entries=None):
    """``(kind, text, expression, variable)`` for each entry, read by `derive.parse`."""
    from derive.readers.text import parse, parse_variable

    return [(e.kind, e.text, parse(e.text), parse_variable(e.wrt)) for e in (CORPUS if entries is None else entries)]


KINDS = tuple(dict.fromkeys(entry.kind for entry in CORPUS))
