"""Reading an expression a user typed, safely: a whitelist over Python's syntax tree.

The text is parsed by ``ast.parse`` (which only builds a tree; nothing runs) and every node of
the tree must be one of: a number, a name, an indexed name ``z[k]``, the operators
``+ - * / **``, or a call of a function from a fixed list. Anything else (attribute access,
dunder names, lambdas, strings, comprehensions, calls of unknown names, keyword arguments) is
refused, naming the offending part. Sizes are bounded so no input can make SymPy work for long:
the length of the text, the depth of nesting, the size of numbers and of constant powers.
SymPy's own string parsers (``sympify``, ``parse_expr``) are never used: they run Python.

Five forms have a shape of their own, checked part by part:

- ``Sum(f, (l, a, b))``: the sum of f for l = a..b; a and b are names or whole numbers up to
  MAX_BOUND, at most MAX_SUM_TERMS terms when both are numbers, sums nested at most
  MAX_SUM_NESTING deep;
- ``Derivative(f, x)`` and ``diff(f, x)``: the derivative of f by x (a name or an indexed name),
  left unevaluated; at most MAX_DERIVATIVES in one expression;
- ``KroneckerDelta(j, k)``: j and k names or whole numbers;
- ``Piecewise((e, condition), ..., (e, True))``: at most MAX_PIECES pieces; a condition is
  ``True``, a comparison ``< > <= >= == !=`` of two expressions (or ``Eq(a, b)``, ``Ne(a, b)``),
  or conditions joined by ``&`` and ``|``. Comparisons are read only there.

A name used as an index anywhere in the text (``z[k]``, the variable and the bounds of a sum,
the arguments of KroneckerDelta) is an index everywhere in it: an integer symbol.
"""

from __future__ import annotations

import ast
import keyword
import re
import warnings

import sympy
from sympy import Expr, IndexedBase, Integer, Rational, Symbol

from derive.errors import DeriveError
from derive.rules.limits import CONSTANT_SECONDS, READ_SECONDS, within

MAX_LENGTH = 2000
MAX_DEPTH = 60
MAX_NAME = 32
MAX_DIGITS = 100
MAX_CONSTANT_EXPONENT = 1000
MAX_BOUND = 1000  # the largest whole number a sum may start or end at
MAX_SUM_TERMS = 100  # the most terms a sum with two whole-number bounds may have
MAX_SUM_NESTING = 3
MAX_DERIVATIVES = 8
MAX_ORDER = 8  # the highest order of a derivative written in the text
MAX_PIECES = 10
MAX_INDEX = 10**6

FUNCTIONS = {
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sqrt": sympy.sqrt,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "asin": sympy.asin, "acos": sympy.acos,
    "atan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
    "asinh": sympy.asinh, "acosh": sympy.acosh, "atanh": sympy.atanh, "erf": sympy.erf,
    "sec": sympy.sec, "csc": sympy.csc, "cot": sympy.cot, "asec": sympy.asec, "acsc": sympy.acsc, "acot": sympy.acot,
    "sech": sympy.sech, "csch": sympy.csch, "coth": sympy.coth,
    "asech": sympy.asech, "acsch": sympy.acsch, "acoth": sympy.acoth,
    "abs": sympy.Abs, "Abs": sympy.Abs, "sign": sympy.sign, "Heaviside": sympy.Heaviside,
    "Max": sympy.Max, "Min": sympy.Min,
    # special functions: gamma and its logarithm and derivatives, the integrals, Lambert's W, sinc
    "gamma": sympy.gamma, "loggamma": sympy.loggamma, "digamma": sympy.digamma, "trigamma": sympy.trigamma,
    "polygamma": sympy.polygamma, "erfi": sympy.erfi, "erfinv": sympy.erfinv, "Ei": sympy.Ei, "li": sympy.li,
    "Si": sympy.Si, "Ci": sympy.Ci, "Shi": sympy.Shi, "Chi": sympy.Chi, "LambertW": sympy.LambertW,
    "sinc": sympy.sinc, "fresnels": sympy.fresnels, "fresnelc": sympy.fresnelc,
}
ALIASES = {  # the names of textbooks and other systems for the same functions
    "arcsin": sympy.asin, "arccos": sympy.acos, "arctan": sympy.atan, "arcsec": sympy.asec, "arccsc": sympy.acsc,
    "arccot": sympy.acot, "arsinh": sympy.asinh, "arcosh": sympy.acosh, "artanh": sympy.atanh,
    "arsech": sympy.asech, "arcsch": sympy.acsch, "arcoth": sympy.acoth,
    "arcsinh": sympy.asinh, "arccosh": sympy.acosh, "arctanh": sympy.atanh, "arcsech": sympy.asech,
    "arccsch": sympy.acsch, "arccoth": sympy.acoth,
    "lgamma": sympy.loggamma, "lambertw": sympy.LambertW,  # C's and PyTorch's name, SciPy's
}
# names that are functions only when called: gamma(x) is the gamma function, gamma and gamma[j] (a layer's
# scale) are names, as they were before these functions were read
CALLED_ONLY = {"gamma", "loggamma", "digamma", "trigamma", "polygamma", "erfi", "erfinv", "Ei", "li", "Si", "Ci",
               "Shi", "Chi", "LambertW", "sinc", "fresnels", "fresnelc", "lgamma", "lambertw", "root", "pow", "exp2",
               "hypot", "logit"}
# SymPy works these out exactly at a whole or half number (gamma(10**6) is a factorial of 5.5 million
# digits): their numbers, and polygamma's order, are kept small
GAMMA_LIKE = ("gamma", "loggamma", "lgamma", "digamma", "trigamma", "polygamma")
MAX_GAMMA_NUMBER = 100
FUNCTIONS.update(ALIASES)


def _sigmoid(u: Expr) -> Expr:
    return 1 / (1 + sympy.exp(-u))


# Names of other systems' libraries and of machine learning for functions derive reads as what they
# stand for: the text log10(x) is read as log(x, 10), sigmoid(x) as 1/(1 + exp(-x)); the derivation
# shows the expression read, and the rules see only the functions above.
WRITTEN_OUT = {
    "log10": lambda u: sympy.log(u, 10), "log2": lambda u: sympy.log(u, 2),
    "log1p": lambda u: sympy.log(1 + u), "expm1": lambda u: sympy.exp(u) - 1,
    "cbrt": lambda u: sympy.sign(u) * sympy.Abs(u) ** sympy.Rational(1, 3),  # the real cube root, as in C and NumPy
    "erfc": lambda u: 1 - sympy.erf(u),
    "sigmoid": _sigmoid, "logistic": _sigmoid, "softplus": lambda u: sympy.log(1 + sympy.exp(u)),
    "relu": lambda u: sympy.Max(0, u), "silu": lambda u: u * _sigmoid(u), "swish": lambda u: u * _sigmoid(u),
    "gelu": lambda u: u / 2 * (1 + sympy.erf(u / sympy.sqrt(2))),
    "mish": lambda u: u * sympy.tanh(sympy.log(1 + sympy.exp(u))), "softsign": lambda u: u / (1 + sympy.Abs(u)),
    "root": lambda u, n: u ** (1 / n), "pow": lambda u, v: u ** v, "exp2": lambda u: 2 ** u,
    "hypot": lambda u, v: sympy.sqrt(u**2 + v**2), "logit": lambda u: sympy.log(u / (1 - u)),
}
# those of them that are powers: (base, exponent), built as ** is, within the same bounds (pow(2, 10**100))
POWERS = {"pow": lambda u, v: (u, v), "root": lambda u, n: (u, 1 / n), "exp2": lambda u: (sympy.Integer(2), u)}
ARITY = {"log": (1, 2), "polygamma": (2, 2), "root": (2, 2), "pow": (2, 2), "hypot": (2, 2), "Max": (2, 8), "Min": (2, 8), "Sum": (2, 2), "Derivative": (2, 3), "diff": (2, 3),
         "KroneckerDelta": (2, 2), "Piecewise": (1, MAX_PIECES)}
STRUCTURES = ("Sum", "Derivative", "diff", "KroneckerDelta", "Piecewise")  # read by _Reader methods of their own
KNOWN = sorted([*(name for name in FUNCTIONS if name not in ALIASES), *WRITTEN_OUT, *STRUCTURES])  # a refusal lists
CONSTANTS = {"pi": sympy.pi, "E": sympy.E, "e": sympy.E}  # e is Euler's number, as in every textbook
# names that SymPy's own syntax gives a meaning derive does not take: read as plain symbols they would
# hide what the user meant (I*x a product of two reals, a sum to oo one of a length called oo)
NOT_REAL = {"I": "the imaginary unit in SymPy's syntax, and derive works over the real numbers",
            "oo": "infinity in SymPy's syntax, and derive takes finite values and sums of a finite length",
            "zoo": "complex infinity in SymPy's syntax, and derive works over the real numbers",
            "nan": "'not a number' in SymPy's syntax, which no derivative is taken of"}
OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
CHAINED = {ast.Add: (ast.Add, ast.Sub), ast.Sub: (ast.Add, ast.Sub), ast.Mult: (ast.Mult, ast.Div),
           ast.Div: (ast.Mult, ast.Div)}  # a + b - c + ... is long, not deep: read as one chain
COMPARISONS = {ast.Lt: sympy.Lt, ast.Gt: sympy.Gt, ast.LtE: sympy.Le, ast.GtE: sympy.Ge, ast.Eq: sympy.Eq,
               ast.NotEq: sympy.Ne}


DECIMAL = re.compile(r"(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?")  # a decimal as written: 2.5, .5, 2., 1e-3, 2.5E+4
MAX_RESULT_DIGITS = 1000  # a constant worked out while reading (10**300 * 10**300) may have at most this many
MAX_TOTAL_DIGITS = 2000  # all the numbers of one expression together: their products stay printable (4,300)
MAX_MAGNITUDE = 1000  # a constant such as exp(exp(20)) may lie between 10**-1000 and 10**1000 in size
UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


def _digits(number: Rational) -> int:
    """The number of digits of the larger of the numerator and the denominator (for a bound)."""
    return max(abs(int(number.p)), abs(int(number.q))).bit_length() * 30103 // 100000 + 1


class ParseError(DeriveError, ValueError):
    """The text is not an expression derive reads; the message names the offending part."""


def parse(text: str, *, integers: frozenset[str] = frozenset(), max_length: int = MAX_LENGTH) -> Expr:
    """The SymPy expression for ``text``, or `ParseError` naming what is refused.

    ``integers`` names more index symbols (integer symbols) than the text shows as indices: a
    file of several expressions reads an index the same way in all of them. Reading has a time
    bound of READ_SECONDS (SymPy evaluates while it builds); past it, `ParseError`.
    """
    tree = _tree(text, max_length)

    def read() -> Expr:
        try:
            expr = _Reader(text, _index_names(tree) | set(integers)).read(tree.body, 0)
        except RecursionError:
            raise ParseError("nested too deeply") from None
        check_numbers(expr)
        check_defined(expr)
        return expr

    def too_slow(bound) -> Expr:
        raise ParseError(f"not read: SymPy took longer than {bound.seconds:g} s to build the expression "
                         f"{_shown(text)}") from None

    return within(READ_SECONDS, "reading an expression", read, too_slow)


def _shown(text: str, width: int = 80) -> str:
    return text[:width] + ("..." if len(text) > width else "")


def check_numbers(expr: Expr) -> None:
    """`ParseError` when a number of ``expr`` has more than MAX_RESULT_DIGITS digits, or all its
    numbers together more than MAX_TOTAL_DIGITS (their products must stay printable)."""
    total = 0
    for number in sympy.preorder_traversal(expr):  # each place a number stands counts (10**999 five times)
        if not isinstance(number, Rational):
            continue
        digits = _digits(number)
        if digits > MAX_RESULT_DIGITS:
            raise ParseError(f"a number with more than {MAX_RESULT_DIGITS} digits")
        total += digits
    if total > MAX_TOTAL_DIGITS:
        raise ParseError(f"the numbers of the expression have {total} digits together; at most "
                         f"{MAX_TOTAL_DIGITS} are read")


def check_defined(expr: Expr) -> None:
    """`ParseError` when ``expr`` is undefined everywhere: it holds a division by zero (1/0,
    0**-1, x/(sqrt(2) + sqrt(3) - sqrt(5 + 2*sqrt(6)))), an infinity or an undefined value."""
    for node in sympy.preorder_traversal(expr):
        if node in UNDEFINED or node is sympy.nan:
            raise ParseError("the expression is undefined everywhere: it holds a division by zero or an infinity")
        if isinstance(node, sympy.Pow) and node.exp.is_number and node.exp.is_negative \
                and _is_zero_constant(node.base):
            raise ParseError(f"the expression is undefined everywhere: a division by zero ({_shown(str(node.base))} "
                             "is 0)")
        if isinstance(node, sympy.log) and _is_zero_constant(node.args[0]):
            raise ParseError(f"the expression is undefined everywhere: the logarithm of 0 ({_shown(str(node))})")


def _is_zero_constant(expr: Expr) -> bool:
    """Whether ``expr``, a constant, is 0: SymPy's evaluation finds no digit that is not 0
    (an exact 0 such as sqrt(2) + sqrt(3) - sqrt(5 + 2*sqrt(6)); exp(-200) is not 0)."""
    if expr.free_symbols or not expr.is_number:
        return False
    if expr.is_Number:
        return expr == 0
    value = within(CONSTANT_SECONDS, "deciding whether a constant is 0", lambda: expr.evalf(15, maxn=400),
                   lambda _: None)
    if value is None or not value.is_Number:
        return False
    return value == 0 or (isinstance(value, sympy.Float) and value._prec <= 1)


def magnitude(expr: Expr) -> float | None:
    """The base-10 logarithm of the size of the constant ``expr`` (None: it cannot be worked out
    within CONSTANT_SECONDS, or it is 0)."""
    def size():
        value = expr.evalf(5, maxn=60)
        parts = value.as_real_imag()
        if not all(part.is_Number for part in parts):
            return None
        largest = max(abs(part) for part in parts)
        if largest == 0 or not largest.is_finite:
            return None
        return float(sympy.log(largest, 10).evalf(5))

    return within(CONSTANT_SECONDS, "sizing a constant", size, lambda _: None)


def index_names(text: str, *, max_length: int = MAX_LENGTH) -> set[str]:
    """The names ``text`` uses as indices: in ``z[k]``, as the variable or a bound of a sum, as
    an argument of KroneckerDelta. Text that is not an expression has none."""
    try:
        return _index_names(_tree(text, max_length))
    except ParseError:
        return set()


def _index_names(tree: ast.AST) -> set[str]:
    places: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            places.extend(node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "KroneckerDelta":
                places.extend(node.args)
            elif node.func.id == "Sum" and len(node.args) == 2 and isinstance(node.args[1], ast.Tuple):
                places.extend(node.args[1].elts)
    return {place.id for place in places if isinstance(place, ast.Name)}


def _tree(text: str, max_length: int) -> ast.Expression:
    """Python's syntax tree of ``text`` (nothing runs), after the bounds that come before it."""
    if not isinstance(text, str):
        raise ParseError("the expression must be text")
    if len(text) > max_length:
        raise ParseError(f"the expression is {len(text)} characters long; at most {max_length} are read")
    if not text.strip():
        raise ParseError("the expression is empty")
    if text.count("(") > MAX_DEPTH * 4 or text.count("[") > MAX_DEPTH * 4:
        raise ParseError("too many brackets")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:  # bytes that were not UTF-8, from argv (Python keeps them as surrogates)
        raise ParseError(f"the expression is not valid UTF-8 text (character {error.start + 1})") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # '1or x': Python's warning becomes the one-line refusal
            return ast.parse(text.strip().replace("^", "**"), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError, Warning) as error:
        raise ParseError(f"not an expression: {getattr(error, 'msg', None) or error}") from None


def parse_variable(text: str) -> Expr:
    """A variable to differentiate by: a name or an indexed name."""
    expr = parse(text)
    if expr in (sympy.E, sympy.pi):
        raise ParseError(f"'{text.strip()}' is a constant ({'Euler' + chr(39) + 's number' if expr is sympy.E else 'pi'}), "
                         "not a variable: give a name like x or an indexed name like z[k]")
    if not (isinstance(expr, (Symbol, sympy.Indexed))):
        raise ParseError(f"'{text}' is not a variable: give a name like x or an indexed name like z[k]")
    return expr


class _Reader:
    def __init__(self, text: str, integers: set[str] = frozenset()):
        self.text = text
        self.integers = integers
        self.indexed: dict[str, IndexedBase] = {}
        self.ranks: dict[str, int] = {}  # the number of indices of each indexed name
        self.sums = 0  # the sums around the node being read
        self.derivatives = 0

    def part(self, node: ast.AST) -> str:
        """The text of ``node``, as the parser saw it (stripped, ^ as **); its kind where that fails."""
        try:
            return ast.get_source_segment(self.text.strip().replace("^", "**"), node) or type(node).__name__
        except (UnicodeError, IndexError):
            return type(node).__name__

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
        if isinstance(node, ast.BinOp) and type(node.op) in CHAINED:
            return self.chain(node, depth)
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
            return self.decimal(node)
        if len(str(abs(value))) > MAX_DIGITS:
            self.refuse(node, f"a number with more than {MAX_DIGITS} digits")
        return Integer(value)

    def decimal(self, node: ast.Constant) -> Expr:
        """A decimal (2.5, 1e-3, 2.5E+4) read exactly from its text, as a Rational: Python's float
        would round 2.00000000000000000001 to 2.0."""
        written = self.part(node).replace("_", "")
        match = DECIMAL.fullmatch(written)
        if match is None:
            self.refuse(node, "a number not read")
        whole, fraction, exponent = match.group(1) or "", match.group(2) or "", int(match.group(3) or 0)
        digits = (whole + fraction).lstrip("0")
        if len(digits) > MAX_DIGITS:
            self.refuse(node, f"a number with more than {MAX_DIGITS} digits")
        scale = exponent - len(fraction)  # the value is int(whole + fraction) * 10**scale
        if digits and abs(scale + len(digits)) > MAX_DIGITS:
            size = "large" if scale > 0 else "small"
            self.refuse(node, f"a number too {size} (beyond 10^{'' if scale > 0 else '-'}{MAX_DIGITS})")
        mantissa = Integer(int(whole + fraction or "0"))
        return mantissa * Integer(10) ** scale if scale >= 0 else Rational(mantissa, Integer(10) ** -scale)

    def identifier(self, node: ast.AST, name: str) -> str:
        if name.startswith("_") or keyword.iskeyword(name) or len(name) > MAX_NAME or not name.isascii() \
                or "__" in name or name.endswith("_"):  # LaTeX would show a__b as a^b, b_ as b_{}
            self.refuse(node, "not a usable name")
        return name

    def name(self, node: ast.Name) -> Expr:
        name = self.identifier(node, node.id)
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in NOT_REAL:
            self.refuse(node, f"{name} is {NOT_REAL[name]}; a symbol of that name needs another (I0)")
        if (name in FUNCTIONS or name in WRITTEN_OUT or name in STRUCTURES) and name not in CALLED_ONLY:
            self.refuse(node, "a function needs its argument in brackets")
        return Symbol(name, integer=True) if name in self.integers else Symbol(name)

    def index(self, node: ast.AST, largest: int = MAX_INDEX, what: str = "an index") -> Expr:
        """An index: a name (an integer symbol) or a whole number from 0 below ``largest``."""
        if isinstance(node, ast.Name):
            name = self.identifier(node, node.id)
            if name in FUNCTIONS or name in WRITTEN_OUT or name in STRUCTURES or name in CONSTANTS:
                self.refuse(node, "a function or constant cannot be an index")
            if name in NOT_REAL:
                self.refuse(node, f"{name} is {NOT_REAL[name]}; a length of that name needs another (n_max)")
            return Symbol(name, integer=True)
        if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool) \
                and 0 <= node.value < largest:
            return Integer(node.value)
        limit = f" up to {largest - 1}" if largest < MAX_INDEX else ""
        self.refuse(node, f"{what} must be a name or a whole number{limit}")

    def subscript(self, node: ast.Subscript, depth: int) -> Expr:
        if not isinstance(node.value, ast.Name):
            self.refuse(node, "only a name can be indexed")
        base = self.identifier(node.value, node.value.id)
        if (base in FUNCTIONS or base in WRITTEN_OUT or base in CONSTANTS or base in STRUCTURES) \
                and base not in CALLED_ONLY:
            self.refuse(node, "a function or constant cannot be indexed")
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        indices = tuple(self.index(part) for part in parts)
        rank = self.ranks.setdefault(base, len(indices))
        if rank != len(indices):
            self.refuse(node, f"{base} is written with {rank} index(es) elsewhere and with {len(indices)} here")
        return self.indexed.setdefault(base, IndexedBase(base))[indices]

    def chain(self, node: ast.BinOp, depth: int) -> Expr:
        """a + b - c + ... (or a * b / c * ...): Python's tree nests it to the left, one level a
        term; it is read term by term, each term one level deeper than the chain."""
        group, links = CHAINED[type(node.op)], []
        while isinstance(node, ast.BinOp) and type(node.op) in group:
            links.append(node)
            node = node.left
        result = self.read(node, depth + 1)
        for link in reversed(links):
            result = self.operate(link, result, self.read(link.right, depth + 1))
        return result

    def operate(self, node: ast.BinOp, left: Expr, right: Expr) -> Expr:
        result = self.combine(node, left, right)
        self.bounded(node, result)
        return result

    def bounded(self, node: ast.AST, result: Expr) -> None:
        """Refuse what was just built when a number in it is too long, it is undefined (1/0), or
        it is a constant too large or too small to work with (exp(exp(20)))."""
        near = [result, *result.args, *(arg for part in result.args for arg in part.args)]
        for number in near:
            if number.is_Rational and _digits(number) > MAX_RESULT_DIGITS:
                self.refuse(node, f"a number with more than {MAX_RESULT_DIGITS} digits")
            if number in UNDEFINED or number is sympy.nan:
                self.refuse(node, "undefined everywhere (a division by zero or an infinity)")
        if result.is_number and not result.is_Number and not result.free_symbols:
            size = magnitude(result)
            if size is None and not _is_zero_constant(result):
                self.refuse(node, "a constant that cannot be worked out quickly")
            if size is not None and abs(size) > MAX_MAGNITUDE:
                self.refuse(node, f"a constant too {'large' if size > 0 else 'small'} to work with "
                                  f"({'more' if size > 0 else 'less'} than 10^{MAX_MAGNITUDE if size > 0 else -MAX_MAGNITUDE})")

    def combine(self, node: ast.BinOp, left: Expr, right: Expr) -> Expr:
        if isinstance(node.op, ast.Pow):
            if right.is_Number and abs(right) > MAX_CONSTANT_EXPONENT and (left.is_Number or abs(right) > 10**6):
                self.refuse(node, "a power too large to work with")
            if left.is_Rational and right.is_Number and abs(right) * _digits(left) > 10 * MAX_RESULT_DIGITS:
                self.refuse(node, "a power too large to work with")
            if left == 0 and right.is_number and (right.is_negative or right.is_zero is None):
                self.refuse(node, "division by zero")
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
        if not isinstance(node.func, ast.Name) or node.func.id not in (*FUNCTIONS, *WRITTEN_OUT, *STRUCTURES):
            self.refuse(node.func, f"unknown function (known: {', '.join(KNOWN)}, and the inverses' names "
                                   "arcsin ... arccoth, arsinh ... arcoth)")
        if node.keywords:
            self.refuse(node, "keyword arguments are not allowed")
        name = node.func.id
        low, high = ARITY.get(name, (1, 1))
        if not low <= len(node.args) <= high:
            self.refuse(node, f"{name} takes {low if low == high else f'{low} to {high}'} argument(s)")
        if name in STRUCTURES:
            return getattr(self, name.lower())(node, depth)
        arguments = [self.read(argument, depth + 1) for argument in node.args]
        if name in ("exp",) and arguments[0].is_Number and abs(arguments[0]) > 10**4:
            self.refuse(node, "an exponential too large to work with")
        if name in GAMMA_LIKE and any(argument.is_Number and abs(argument) > MAX_GAMMA_NUMBER
                                      for argument in arguments):
            self.refuse(node, f"{name} of a number beyond ±{MAX_GAMMA_NUMBER} (SymPy would work it out exactly)")
        if name == "polygamma" and not (arguments[0].is_Integer and arguments[0] >= 0):
            self.refuse(node, "the order of polygamma(n, x) must be a whole number n from 0 up")
        if name == "root" and arguments[1] == 0:
            self.refuse(node, "a root of order 0")
        if name in POWERS:
            power = ast.copy_location(ast.BinOp(left=node.args[0], op=ast.Pow(), right=node.args[-1]), node)
            result = self.combine(power, *POWERS[name](*arguments))
            self.bounded(node, result)
            return result
        try:
            result = (FUNCTIONS.get(name) or WRITTEN_OUT[name])(*arguments)
        except (ValueError, TypeError) as refused:  # max(asin(3), x): SymPy cannot order a complex number
            self.refuse(node, f"{name} cannot take these arguments ({refused})")
        self.bounded(node, result)
        return result

    def sum(self, node: ast.Call, depth: int) -> Expr:
        """``Sum(f, (l, a, b))`` with bounds that keep it small."""
        limits = node.args[1]
        if not (isinstance(limits, ast.Tuple) and len(limits.elts) == 3 and isinstance(limits.elts[0], ast.Name)):
            self.refuse(limits, "a sum needs its limits as (l, a, b) with l a name")
        variable, low, high = (self.index(part, MAX_BOUND + 1, "a bound of a sum") for part in limits.elts)
        if variable in (low, high):
            self.refuse(limits, "a bound of a sum cannot be its own variable")
        if low.is_Integer and high.is_Integer and high - low + 1 > MAX_SUM_TERMS:
            self.refuse(limits, f"a sum of more than {MAX_SUM_TERMS} terms")
        if self.sums >= MAX_SUM_NESTING:
            self.refuse(node, f"sums nested more than {MAX_SUM_NESTING} deep")
        self.sums += 1
        try:
            body = self.read(node.args[0], depth + 1)
        finally:
            self.sums -= 1
        return sympy.Sum(body, (variable, low, high))

    def derivative(self, node: ast.Call, depth: int) -> Expr:
        """``Derivative(f, x)``, ``Derivative(f, (x, n))``, ``Derivative(f, x, n)`` or ``diff(f, x, n)``,
        left unevaluated; x a name or an indexed name, n a whole number from 1 to MAX_ORDER."""
        self.derivatives += 1
        if self.derivatives > MAX_DERIVATIVES:
            self.refuse(node, f"more than {MAX_DERIVATIVES} derivatives in one expression")
        function = self.read(node.args[0], depth + 1)
        by, count = node.args[1], node.args[2] if len(node.args) == 3 else None
        if isinstance(by, ast.Tuple) and count is None and len(by.elts) == 2:
            by, count = by.elts
        variable = self.read(by, depth + 1)
        if not isinstance(variable, (Symbol, sympy.Indexed)) or variable.is_integer:
            self.refuse(by, "a derivative is taken by a name or an indexed name, not by")
        order = 1
        if count is not None:
            if not (isinstance(count, ast.Constant) and type(count.value) is int and 1 <= count.value <= MAX_ORDER):
                self.refuse(count, f"the order of a derivative is a whole number from 1 to {MAX_ORDER}, not")
            order = count.value
        return sympy.Derivative(function, (variable, order))

    diff = derivative

    def kroneckerdelta(self, node: ast.Call, depth: int) -> Expr:  # noqa: ARG002 - the shape of the readers
        return sympy.KroneckerDelta(*(self.index(argument) for argument in node.args))

    def piecewise(self, node: ast.Call, depth: int) -> Expr:
        """``Piecewise((e, condition), ...)``: conditions are read only here."""
        pieces = []
        for piece in node.args:
            if not (isinstance(piece, ast.Tuple) and len(piece.elts) == 2):
                self.refuse(piece, "a piece is written (expression, condition)")
            pieces.append((self.read(piece.elts[0], depth + 1), self.condition(piece.elts[1], depth + 1)))
        return sympy.Piecewise(*pieces)

    def condition(self, node: ast.AST, depth: int):
        """A condition of a piece: True, one comparison, or conditions joined by & and |."""
        if depth > MAX_DEPTH:
            self.refuse(node, "nested too deeply")
        if isinstance(node, ast.Constant) and node.value is True:
            return sympy.true
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("Eq", "Ne") \
                and len(node.args) == 2 and not node.keywords:
            left, right = (self.read(argument, depth + 1) for argument in node.args)
            return (sympy.Eq if node.func.id == "Eq" else sympy.Ne)(left, right)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARISONS:
            left, right = self.read(node.left, depth + 1), self.read(node.comparators[0], depth + 1)
            try:
                return COMPARISONS[type(node.ops[0])](left, right)
            except TypeError:  # SymPy refuses to order what is not real (I < 1)
                self.refuse(node, "a comparison of values that are not real")
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            left, right = self.condition(node.left, depth + 1), self.condition(node.right, depth + 1)
            return sympy.And(left, right) if isinstance(node.op, ast.BitAnd) else sympy.Or(left, right)
        self.refuse(node, "a condition is True, a comparison such as x < 0 or Eq(j, k), "
                          "or conditions joined by & and |")
