"""Shared symbols for the rule tests: the textbook softmax notation, plus plain symbols.

The indices carry the same assumptions as `derive.functions.notation.softmax_in` gives them, so that
expressions built here compare equal (SymPy structural ==) with the ones the library builds.
Table-style tests receive everything at once through the ``sym`` fixture, so that a table
row can be a small function of the symbols: ``lambda s: d(s.z[s.i, s.l], s.z[s.i, s.k])``.
"""

from types import SimpleNamespace

import pytest
from sympy import Derivative, Float, Indexed, IndexedBase, Sum, Symbol, exp, symbols

from derive.functions.notation import softmax_in
from derive.rules import Context

I, J, K, L_, M = (Symbol(name, integer=True) for name in "ijklm")
LENGTH = Symbol("L", integer=True, positive=True)
Z, S_ = IndexedBase("z"), IndexedBase("S")
X, Y, W = symbols("x y w")


def _d(f, x):
    """The unevaluated first derivative, as the rules build it."""
    return Derivative(f, x, evaluate=False)


def _namespace():
    softmax = softmax_in()
    denominator = Sum(exp(Z[I, L_]), (L_, 1, LENGTH))
    return SimpleNamespace(
        i=I, j=J, k=K, l=L_, m=M, L=LENGTH, z=Z, S=S_, x=X, y=Y, w=W, d=_d,
        denominator=denominator,
        definition=softmax.definition,
        softmax_context=Context(definitions=(softmax.definition,)),
        empty=Context(),
        inside_sum_over=lambda *indices: Context(bound=frozenset(indices)),  # the context inside sums over these
    )


@pytest.fixture
def sym():
    return _namespace()


@pytest.fixture
def i():
    return I


@pytest.fixture
def j():
    return J


@pytest.fixture
def k():
    return K


@pytest.fixture
def l():  # noqa: E741 - the summation index of the textbook
    return L_


@pytest.fixture
def L():
    return LENGTH


@pytest.fixture
def z():
    return Z


@pytest.fixture
def S():
    return S_


@pytest.fixture
def denominator():
    """The softmax denominator sum_{l=1}^{L} e^{z_{i,l}}."""
    return Sum(exp(Z[I, L_]), (L_, 1, LENGTH))


@pytest.fixture
def softmax_definition():
    """S[i, j] := e^{z_{i,j}} / sum_l e^{z_{i,l}}, exactly as the library builds it."""
    return softmax_in().definition


@pytest.fixture
def softmax_context(softmax_definition):
    return Context(definitions=(softmax_definition,))


def assert_justifies(rule, rewrite, node=None):
    """The rule's template fills from the rewrite's bindings: no KeyError, no brace left.

    Given the ``node`` rewritten, also that the engine offers the rule that node at all
    (a rule declaring ``on`` types is only tried on nodes of those types).
    """
    if node is not None and rule.on:
        assert isinstance(node, rule.on), (rule.name, type(node).__name__, rule.on)
    sentence = rule.justify(rewrite.bindings, str)
    assert "{" not in sentence and "}" not in sentence, sentence
    assert sentence.strip()
    if rule.explanation:
        explanation = rule.explanation.format(**{key: str(value) for key, value in rewrite.bindings.items()})
        assert "{" not in explanation and "}" not in explanation, explanation
    return sentence


@pytest.fixture
def justifies():
    return assert_justifies


def value_at(expr, fixed, values):
    """``expr`` as a complex number: ``fixed`` index values, then ``values(atom)`` for each input."""
    expr = expr.xreplace(fixed).doit()
    expr = expr.xreplace({atom: values(atom) for atom in expr.atoms(Indexed)})
    expr = expr.xreplace({atom: values(atom) for atom in expr.free_symbols})
    return complex(expr.evalf(30))


@pytest.fixture
def value():
    return value_at


def assert_rewrites(rule, node, expected, at):
    """The rule rewrites ``node`` into ``expected``, its sentence fills, and both sides have the
    same value at the point ``at`` (symbol -> number)."""
    rewrite = rule.apply(node, Context())
    assert rewrite is not None, (rule.name, node)
    assert rewrite.after == expected, (rewrite.after, expected)
    assert_justifies(rule, rewrite, node)
    point = {symbol: Float(number) for symbol, number in at.items()}
    assert value_at(node, {}, point.get) == pytest.approx(value_at(rewrite.after, {}, point.get))
    return rewrite


@pytest.fixture
def rewrites():
    return assert_rewrites
