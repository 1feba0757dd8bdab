"""Reading an expression a user typed, safely: a whitelist over Python's syntax tree.

The text is parsed by ``ast.parse`` (which only builds a tree; nothing runs) and every node of
the tree must be one of: a number, a name, an indexed name ``z[k]``, the operators
``+ - * / **``, or a call of a function from a fixed list. Anything else (attribute access,
dunder names, lambdas, strings, comprehensions, calls of unknown names, keyword arguments) is
refused, naming the offending part. Sizes are bounded so no input can make SymPy work for long:
the length of the text, the depth of nesting, the size of numbers and of constant powers.
SymPy's own string parsers (``sympify``, ``parse_expr``) are never used: they run Python.
"""

from __future__ import annotations

import ast
import keyword
import math

import sympy
from sympy import Expr, IndexedBase, Integer, Rational, Symbol

MAX_LENGTH = 2000
MAX_DEPTH = 60
MAX_NAME = 32
MAX_DIGITS = 100
MAX_CONSTANT_EXPONENT = 1000

FUNCTIONS = {
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sqrt": sympy.sqrt,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "asin": sympy.asin, "acos": sympy.acos,
    "atan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
    "asinh": sympy.asinh, "acosh": sympy.acosh, "atanh": sympy.atanh, "erf": sympy.erf,
    "abs": sympy.Abs, "Abs": sympy.Abs, "sign": sympy.sign, "Heaviside": sympy.Heaviside,
    "Max": sympy.Max, "Min": sympy.Min,
}
ARITY = {"log": (1, 2), "Max": (2, 8), "Min": (2, 8)}
CONSTANTS = {"pi": sympy.pi, "E": sympy.E}
OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


class ParseError(ValueError):
    """The text is not an expression derive reads; the message names the offending part."""


def parse(text: str) -> Expr:
    """The SymPy expression for ``text``, or `ParseError` naming what is refused."""
    if not isinstance(text, str):
        raise ParseError("the expression must be text")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the expression is {len(text)} characters long; at most {MAX_LENGTH} are read")
    if not text.strip():
        raise ParseError("the expression is empty")
    if text.count("(") > MAX_DEPTH * 4 or text.count("[") > MAX_DEPTH * 4:
        raise ParseError("too many brackets")
    try:
        tree = ast.parse(text.strip().replace("^", "**"), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        raise ParseError(f"not an expression: {getattr(error, 'msg', error)}") from None
    return _Reader(text).read(tree.body, 0)


def parse_variable(text: str) -> Expr:
    """A variable to differentiate by: a name or an indexed name."""
    expr = parse(text)
    if not (isinstance(expr, (Symbol, sympy.Indexed))):
        raise ParseError(f"'{text}' is not a variable: give a name like x or an indexed name like z[k]")
    return expr


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.indexed: dict[str, IndexedBase] = {}

    def part(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text.replace("^", "**"), node) or type(node).__name__

    def refuse(self, node: ast.AST, why: str):
        raise ParseError(f"{why}: {self.part(node)[:80]}")

    def read(self, node: ast.AST, depth: int) -> Expr:
        if depth > MAX_DEPTH:
            self.refuse(node, "nested too deeply")
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Subscript):
            return self.subscript(node, depth)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self.read(node.operand, depth + 1)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            left, right = self.read(node.left, depth + 1), self.read(node.right, depth + 1)
            return self.operate(node, left, right)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        self.refuse(node, "not allowed in an expression")

    def number(self, node: ast.Constant) -> Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.refuse(node, "only numbers, names and the known functions are allowed, not")
        if isinstance(value, float):
            if not math.isfinite(value):
                self.refuse(node, "a number too large")
            return Rational(str(value)) if abs(value) < 1e15 else sympy.Float(value)
        if len(str(abs(value))) > MAX_DIGITS:
            self.refuse(node, f"a number with more than {MAX_DIGITS} digits")
        return Integer(value)

    def identifier(self, node: ast.AST, name: str) -> str:
        if name.startswith("_") or keyword.iskeyword(name) or len(name) > MAX_NAME or not name.isascii():
            self.refuse(node, "not a usable name")
        return name

    def name(self, node: ast.Name) -> Expr:
        name = self.identifier(node, node.id)
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in FUNCTIONS:
            self.refuse(node, "a function needs its argument in brackets")
        return Symbol(name)

    def subscript(self, node: ast.Subscript, depth: int) -> Expr:
        if not isinstance(node.value, ast.Name):
            self.refuse(node, "only a name can be indexed")
        base = self.identifier(node.value, node.value.id)
        if base in FUNCTIONS or base in CONSTANTS:
            self.refuse(node, "a function or constant cannot be indexed")
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        indices = []
        for part in parts:
            if isinstance(part, ast.Name):
                indices.append(Symbol(self.identifier(part, part.id), integer=True))
            elif isinstance(part, ast.Constant) and isinstance(part.value, int) and not isinstance(part.value, bool) \
                    and 0 <= part.value < 10**6:
                indices.append(Integer(part.value))
            else:
                self.refuse(part, "an index must be a name or a whole number")
        return self.indexed.setdefault(base, IndexedBase(base))[tuple(indices)]

    def operate(self, node: ast.BinOp, left: Expr, right: Expr) -> Expr:
        if isinstance(node.op, ast.Pow):
            if right.is_Number and abs(right) > MAX_CONSTANT_EXPONENT and (left.is_Number or abs(right) > 10**6):
                self.refuse(node, "a power too large to work with")
            if left.is_Number and right.is_Number and abs(left) > 1 and abs(right) * math.log10(abs(float(left))) > 10**4:
                self.refuse(node, "a power too large to work with")
            return left**right
        if isinstance(node.op, ast.Div):
            if right == 0:
                self.refuse(node, "division by zero")
            return left / right
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        return left * right

    def call(self, node: ast.Call, depth: int) -> Expr:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            self.refuse(node.func, f"unknown function (known: {', '.join(sorted(FUNCTIONS))})")
        if node.keywords:
            self.refuse(node, "keyword arguments are not allowed")
        name = node.func.id
        low, high = ARITY.get(name, (1, 1))
        if not low <= len(node.args) <= high:
            self.refuse(node, f"{name} takes {low if low == high else f'{low} to {high}'} argument(s)")
        arguments = [self.read(argument, depth + 1) for argument in node.args]
        if name in ("exp",) and arguments[0].is_Number and abs(arguments[0]) > 10**4:
            self.refuse(node, "an exponential too large to work with")
        return FUNCTIONS[name](*arguments)
