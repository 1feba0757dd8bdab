"""What the library accepts as an expression and as a variable: SymPy objects, or text read by
the same whitelist as the command line (`derive.parse`); never anything handed to ``sympify``.

SymPy turns a string into an expression by running it as Python (``Derivative("...", x)``
sympifies its arguments), so text never reaches SymPy here: it is read by `derive.readers.text.parse`.
Other objects are refused by their type, before any of their methods is called (an object's
``__class__`` may lie; ``type()`` does not). A SymPy object is bounded like text: its size and
depth, its numbers, and it must not be undefined everywhere (a division by zero).
"""

from __future__ import annotations

from sympy import Basic, Derivative, Expr, Float, Indexed, Integer, Sum, Symbol

from .text import ParseError, check_defined, check_numbers, parse, parse_variable

MAX_NODES = 20_000
MAX_TREE_DEPTH = 100


class BadExpression(ParseError):
    """An expression or variable the library does not take; the message says why."""


def _read(text: str, reader, what: str) -> Expr:
    """Text read by the command line's whitelist (``str.__str__``: a str subclass's own methods never run)."""
    try:
        return reader(str.__str__(text))
    except ParseError as error:
        raise BadExpression(f"{what}: {error}") from None


def expression(value: object, what: str = "the expression") -> Expr:
    """``value`` as a SymPy expression derive works with, or `BadExpression` (a ValueError)."""
    kind = type(value)
    if issubclass(kind, str):
        return _read(value, parse, what)
    if issubclass(kind, bool):
        raise BadExpression(f"{what} must be a SymPy expression or text, not a truth value")
    if issubclass(kind, int):
        number = Integer(int(value))
    elif issubclass(kind, float):
        if not float(value) == float(value) or abs(float(value)) == float("inf"):
            raise BadExpression(f"{what} must be a finite number")
        number = Float(float(value))
    elif issubclass(kind, Expr):
        return _bounded(value, what)
    else:
        raise BadExpression(f"{what} must be a SymPy expression or text, not {kind.__name__}")
    return _bounded(number, what)


def variable(value: object, what: str = "the variable") -> Expr:
    """``value`` as a variable to differentiate by: a Symbol or an Indexed (text is read by the
    whitelist), or `BadExpression`."""
    kind = type(value)
    if issubclass(kind, str):
        return _read(value, parse_variable, what)
    if not issubclass(kind, (Symbol, Indexed)):
        raise BadExpression(f"{what} must be a SymPy Symbol or Indexed, or text such as 'x' or 'z[k]', "
                            f"not {kind.__name__}")
    if value.is_integer:
        raise BadExpression(f"{what} {value} is an integer symbol (an index); a derivative is taken by a real one")
    return _bounded(value, what)


def consistent(expr: Expr, wrt: Expr) -> None:
    """`BadExpression` when an indexed name has a different number of indices in ``expr`` and in
    ``wrt`` (z[i, k] and z[k]): SymPy cannot differentiate the one by the other; or when a sum of
    ``expr`` runs over an index of ``wrt``, or of a derivative written in ``expr`` (see `captured`)."""
    ranks: dict = {}
    for node in (*expr.atoms(Indexed), *wrt.atoms(Indexed)):
        rank = ranks.setdefault(node.base, len(node.indices))
        if rank != len(node.indices):
            raise BadExpression(f"{node.base} is written with {rank} index(es) in one place and with "
                                f"{len(node.indices)} in another")
    why = captured(expr, wrt) or derivatives_captured(expr)
    if why is not None:
        raise BadExpression(why)


def captured(expr: Basic, wrt: Basic) -> str | None:
    """Why d ``expr`` / d ``wrt`` is ambiguous when a sum in ``expr`` runs over an index of ``wrt``
    (d/dx[k] of Sum(x[k]**2, (k, 1, L))): its bound k would capture the variable's free k (and the
    checker's values of k with it, even in a sum of other names). None when no sum runs over one of them."""
    if not isinstance(wrt, Indexed):
        return None
    for total in expr.atoms(Sum):
        for limit in total.limits:
            if limit[0] in wrt.indices:
                return (f"the summation index {limit[0]} is also an index of the variable {wrt}; rename one "
                        f"(Sum over another letter)")
    return None


def derivatives_captured(expr: Basic) -> str | None:
    """`captured` for every derivative written in ``expr`` (a check file's line, its names unfolded)."""
    for derivative in expr.atoms(Derivative):
        for variable in derivative.variables:
            why = captured(derivative.expr, variable)
            if why is not None:
                return why
    return None


def _bounded(expr: Expr, what: str) -> Expr:
    """``expr`` within MAX_NODES nodes and MAX_TREE_DEPTH levels, its numbers bounded, not
    undefined everywhere; else `BadExpression`."""
    count, stack = 0, [(expr, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise BadExpression(f"{what} has more than {MAX_NODES} parts")
        if depth > MAX_TREE_DEPTH:
            raise BadExpression(f"{what} is nested more than {MAX_TREE_DEPTH} deep")
        args = node.args
        if not isinstance(args, tuple) or not all(isinstance(arg, Basic) for arg in args):
            raise BadExpression(f"{what} holds a part that is not a SymPy object")
        stack.extend((arg, depth + 1) for arg in args)
    try:
        check_numbers(expr)
        check_defined(expr)
    except ParseError as error:
        raise BadExpression(f"{what}: {error}") from None
    return expr
