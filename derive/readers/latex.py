r"""Reading an expression written in LaTeX: a small, whitelisted translator.

The LaTeX is split into tokens and read by a recursive-descent parser into the text syntax of
`derive.parse` (``\frac{a}{b}`` becomes ``((a)/(b))``), which then reads it with its own
whitelist and bounds; nothing in the text ever runs. What is read:

- numbers, single letters (``xy`` is x times y), ``e`` (Euler's number; ``e^{u}`` is exp(u)),
  a few Greek letters, ``\pi``;
- subscripts ``z_k``, ``z_{k}``, ``z_{i,k}``, ``z_{ik}`` (one index per letter), ``z_{12}``:
  indexed names ``z[k]``, ``z[i, k]``, ``z[12]``;
- ``+ -``, ``\cdot``, ``\times``, ``*``, ``/``, implicit multiplication, powers ``^{2}`` or
  ``^2``; brackets ``( ) [ ] { }``, with or without ``\left`` and ``\right``;
- ``\frac{a}{b}`` (also ``\dfrac``, ``\tfrac``); ``\frac{\partial f}{\partial x}`` and the
  operator ``\frac{\partial}{\partial x} f`` (also with ``d`` for ``\partial``), where the
  operator applies to the bracket after it, or else to the product written after it, up to the
  next + or -, product sign or end of the group (``\frac{d}{dx} x^2 \sin x`` is d/dx (x^2 sin x);
  ``\frac{\partial}{\partial x} f \cdot g`` and ``\frac{d}{dx} (f) g`` are (df/dx) g);
- ``\sum_{l=1}^{L} f``: the sum applies to the rest of its term, up to the next +, - or
  ``\sum`` (``\sum_l a_l \cdot \sum_l b_l`` is a product of two sums);
- ``\exp``, ``\log``, ``\ln``, ``\sin``, ``\cos``, ``\tan``, ``\sec``, ``\csc``, ``\cot``,
  ``\arcsin``, ``\arccos``, ``\arctan``, ``\sinh``, ``\cosh``, ``\tanh``, ``\coth``, and
  ``\operatorname{...}`` for the names LaTeX has no command for (``arcsec``, ``arccsc``,
  ``arccot``, ``sech``, ``csch``, ``arsinh`` ... ``arcoth``, also spelt ``arcsinh`` ..., ``erf``,
  ``sgn``); ``\sqrt{...}``, ``\sqrt[n]{...}`` (the n-th root, x**(1/n)); ``\delta_{jk}`` (the
  Kronecker delta); a function's argument is its bracket, or else the product of a number and
  letters after it (``\sin 2x`` is sin(2x), ``\sin x \cos x`` is sin(x) cos(x));
- spacing (``\,`` ``\;`` ``\!`` ``\quad``) is ignored.

Any other command or character is refused with one line naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sympy import Expr

from .text import MAX_DEPTH, MAX_LENGTH, ParseError, parse

FUNCTIONS = {"exp": "exp", "log": "log", "ln": "log", "sin": "sin", "cos": "cos", "tan": "tan", "sqrt": "sqrt",
             "sec": "sec", "csc": "csc", "cot": "cot", "arcsin": "asin", "arccos": "acos", "arctan": "atan",
             "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "coth": "coth"}
# the names LaTeX has no command for, written \operatorname{arcsec}, and what they are
OPERATOR_NAMES = {"arcsec": "asec", "arccsc": "acsc", "arccot": "acot", "sech": "sech", "csch": "csch",
                  "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh", "arsech": "asech", "arcsch": "acsch",
                  "arcoth": "acoth", "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh", "arcsech": "asech",
                  "arccsch": "acsch", "arccoth": "acoth", "asinh": "asinh", "acosh": "acosh", "atanh": "atanh",
                  "erf": "erf", "sgn": "sign", "sign": "sign", "cosec": "csc", "cosech": "csch"}
GREEK = {"alpha": "alpha", "beta": "beta", "gamma": "gamma", "eta": "eta", "theta": "theta", "lambda": "lamda",
         "mu": "mu", "sigma": "sigma", "tau": "tau", "phi": "phi", "omega": "omega", "pi": "pi"}
FRACTIONS = {"frac", "dfrac", "tfrac"}
PRODUCTS = {"cdot", "times"}
SPACING = {",", ";", "!", ":", " ", "quad", "qquad", "limits"}
KNOWN = sorted(FUNCTIONS.keys() | GREEK.keys() | FRACTIONS | PRODUCTS
               | {"sum", "delta", "partial", "left", "right", "operatorname"})
SYMBOLS = set("+-*/()[]{}_^,=")
OPENING = {"(": ")", "[": "]", "{": "}"}
TOKEN = re.compile(r"\\([A-Za-z]+|.)|(\d+(?:\.\d+)?)|([A-Za-z])|(\s+)|(.)", re.DOTALL)


class LatexError(ParseError):
    """The LaTeX is not in the subset derive reads; the message names the offending part."""


@dataclass(frozen=True)
class Token:
    kind: str  # "command", "number", "letter" or "symbol"
    value: str
    column: int

    def __str__(self) -> str:
        return "\\" + self.value if self.kind == "command" else self.value


def parse_latex(text: str, *, integers: frozenset[str] = frozenset()) -> Expr:
    """The SymPy expression for the LaTeX ``text`` (read by `derive.parse` after translation)."""
    return parse(translate(text), integers=integers, max_length=4 * MAX_LENGTH)


def translate(text: str) -> str:
    """The LaTeX ``text`` in the syntax `derive.parse` reads, or `LatexError` naming what is refused."""
    if len(text) > MAX_LENGTH:
        raise LatexError(f"the expression is {len(text)} characters long; at most {MAX_LENGTH} are read")
    reader = _Reader(tokens(text))
    if reader.at_end():
        raise LatexError("the expression is empty")
    try:
        result = reader.expression(0)
    except RecursionError:
        raise LatexError("nested too deeply") from None
    if not reader.at_end():
        reader.refuse("unexpected")
    return result


def tokens(text: str) -> list[Token]:
    """The tokens of ``text``; spacing commands and white space are dropped."""
    found = []
    for match in TOKEN.finditer(text):
        command, number, letter, space, other = match.groups()
        column = match.start() + 1
        if space is not None or command in SPACING:
            continue
        if command is not None:
            if not command.isalpha() or command not in KNOWN:
                raise LatexError(f"unknown LaTeX command \\{command[:40]} at column {column} "
                                 f"(known: {', '.join(KNOWN)})")
            found.append(Token("command", command, column))
        elif number is not None:
            found.append(Token("number", number, column))
        elif letter is not None:
            found.append(Token("letter", letter, column))
        elif other in SYMBOLS:
            found.append(Token("symbol", other, column))
        else:
            raise LatexError(f"the character {other!r} at column {column} is not read")
    return found


class _Reader:
    """Recursive descent over the tokens; each method returns text for `derive.parse`."""

    def __init__(self, found: list[Token]):
        self.tokens = found
        self.position = 0

    # -- looking at tokens

    def at_end(self) -> bool:
        return self.position >= len(self.tokens)

    def peek(self, offset: int = 0) -> Token | None:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def is_next(self, kind: str, *values: str, offset: int = 0) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind == kind and (not values or token.value in values)

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise LatexError("the expression ends too early")
        self.position += 1
        return token

    def expect(self, kind: str, value: str, what: str) -> Token:
        if not self.is_next(kind, value):
            self.refuse(f"expected {what}, found")
        return self.take()

    def refuse(self, why: str):
        token = self.peek()
        where = f"'{token}' at column {token.column}" if token is not None else "the end of the expression"
        raise LatexError(f"{why} {where}")

    # -- the grammar

    def expression(self, depth: int) -> str:
        """Terms joined by + and -."""
        if depth > MAX_DEPTH:
            self.refuse("nested too deeply at")
        parts = []
        if self.is_next("symbol", "+", "-"):
            parts.append("-" if self.take().value == "-" else "")
        parts.append(self.term(depth))
        while self.is_next("symbol", "+", "-"):
            parts.append(f" {self.take().value} ")
            parts.append(self.term(depth))
        return _wrap("".join(parts)) if len(parts) > 1 else parts[0]

    def term(self, depth: int, in_sum: bool = False) -> str:
        """Factors joined by \\cdot, \\times, *, / or nothing (implicit multiplication); the body
        of a sum (``in_sum``) ends before another sum."""
        parts = [self.factor(depth)]
        while not self.at_end():
            if in_sum and self.next_is_sum():
                break
            if self.is_next("command", *PRODUCTS) or self.is_next("symbol", "*"):
                self.take()
                parts.append("*")
            elif self.is_next("symbol", "/"):
                self.take()
                parts.append("/")
            elif self.starts_factor():
                parts.append("*")
            else:
                break
            parts.append(self.factor(depth))
        return _wrap("".join(parts)) if len(parts) > 1 else parts[0]

    def next_is_sum(self) -> bool:
        """Whether a sum comes next, after a product sign if there is one."""
        offset = 1 if self.is_next("command", *PRODUCTS) or self.is_next("symbol", "*") else 0
        return self.is_next("command", "sum", offset=offset)

    def starts_factor(self) -> bool:
        token = self.peek()
        if token is None:
            return False
        if token.kind in ("number", "letter"):
            return True
        if token.kind == "symbol":
            return token.value in OPENING
        return token.value not in PRODUCTS | {"right", "partial"}

    def factor(self, depth: int) -> str:
        """A power, possibly with a sign (a \\cdot -b)."""
        if depth > MAX_DEPTH:
            self.refuse("nested too deeply at")
        if self.is_next("symbol", "-", "+"):
            sign = self.take().value
            inner = self.factor(depth + 1)
            return _wrap("-" + inner) if sign == "-" else inner
        return self.power(depth)

    def power(self, depth: int) -> str:
        """A primary with an optional exponent; e^{u} is exp(u)."""
        if depth > MAX_DEPTH:
            self.refuse("nested too deeply at")
        euler = self.is_next("letter", "e") and not self.is_next("symbol", "_", offset=1)
        base = self.primary(depth)
        if not self.is_next("symbol", "^"):
            return base
        self.take()
        exponent = self.superscript(depth)
        return f"exp({exponent})" if euler else _wrap(f"{base}**{exponent}")

    def superscript(self, depth: int) -> str:
        if self.is_next("symbol", "{"):
            return self.group(depth)
        token = self.take()
        if token.kind == "number":  # x^23 is x^2 3: the rest of the digits stay for what follows
            if len(token.value) > 1 and "." not in token.value:
                self.position -= 1
                self.tokens[self.position] = Token("number", token.value[1:], token.column + 1)
            return token.value[0] if "." not in token.value else token.value
        if token.kind == "letter":
            return "E" if token.value == "e" else token.value
        self.position -= 1
        self.refuse("expected an exponent, found")

    def primary(self, depth: int) -> str:
        token = self.peek()
        if token is None:
            self.refuse("expected a term at")
        if token.kind == "number":
            self.take()
            return token.value
        if token.kind == "letter":
            return self.name(self.take().value)
        if token.kind == "symbol":
            if token.value in OPENING:
                return self.group(depth)
            self.refuse("expected a term, found")
        return self.command(depth)

    def command(self, depth: int) -> str:
        name = self.peek().value
        if name == "left":
            self.take()
            if not self.is_next("symbol", "(", "["):
                self.refuse("\\left is read before ( or [, not before")
            return self.group(depth, right=True)
        if name in FRACTIONS:
            self.take()
            return self.fraction(depth)
        if name == "sum":
            self.take()
            return self.sum(depth)
        if name == "sqrt" and self.is_next("symbol", "[", offset=1):
            self.take()
            return self.root(depth)
        if name == "operatorname":
            self.take()
            function = self.operator_name()
            return self.applied(function, depth)
        if name in FUNCTIONS:
            self.take()
            return self.applied(FUNCTIONS[name], depth)
        if name == "delta":
            self.take()
            first, second = self.subscript(count=2)
            return f"KroneckerDelta({first}, {second})"
        if name in GREEK:
            return self.name(GREEK[self.take().value])
        if name == "partial":
            self.refuse("\\partial is read in \\frac{\\partial f}{\\partial x} and \\frac{\\partial}{\\partial x} f, "
                        "not as")
        self.refuse("not read here:")

    def applied(self, function: str, depth: int) -> str:
        """A function and its argument: a bracketed group, or the product of powers of a number and
        letters that follows, as textbooks write it: \\sin 2x is sin(2x), \\sin 2 \\pi x^2 is sin(2 pi x^2);
        it ends at the next function, operator, bracket or sign (\\sin x \\cos x is sin(x) cos(x))."""
        if self.is_next("command", "left"):
            self.take()
            return f"{function}({self.group(depth, right=True)})"
        if self.is_next("symbol", *OPENING):
            return f"{function}({self.group(depth)})"
        parts = [self.power(depth + 1)]
        while self.is_next("letter") or (self.is_next("command") and self.peek().value in GREEK):
            parts += ["*", self.power(depth + 1)]
        return f"{function}({''.join(parts)})"

    def operator_name(self) -> str:
        """\\operatorname{arcsec}: the braced letters name a function of OPERATOR_NAMES."""
        self.expect("symbol", "{", "'{' after \\operatorname")
        letters = []
        while self.is_next("letter"):
            letters.append(self.take().value)
        self.expect("symbol", "}", "'}' after the name of \\operatorname")
        name = "".join(letters)
        if name not in OPERATOR_NAMES:
            self.refuse(f"\\operatorname{{{name}}} is not a function read here (known: "
                        f"{', '.join(sorted(OPERATOR_NAMES))}); found")
        return OPERATOR_NAMES[name]

    def root(self, depth: int) -> str:
        """\\sqrt[n]{x}: the n-th root, x**(1/n); the radicand must be braced."""
        self.take()  # [
        index = self.expression(depth + 1)
        self.expect("symbol", "]", "']' after the index of a root")
        if not self.is_next("symbol", "{"):
            self.refuse("\\sqrt[n] needs its radicand in braces, as \\sqrt[3]{x}; found")
        radicand = self.braced(depth + 1)
        return _wrap(f"{radicand}**(1/{index})")

    def name(self, letter: str) -> str:
        """A letter or Greek name with an optional subscript: z_{i,k} is z[i, k]."""
        if not self.is_next("symbol", "_"):
            return "E" if letter == "e" else letter
        return f"{letter}[{', '.join(self.subscript())}]"

    def subscript(self, count: int | None = None) -> list[str]:
        """The indices after _: one token, or a braced list of letters and numbers."""
        self.expect("symbol", "_", "a subscript")
        if not self.is_next("symbol", "{"):
            token = self.take()
            if token.kind == "number" and len(token.value) > 1 and "." not in token.value:  # z_12 is z_1 2
                self.position -= 1
                self.tokens[self.position] = Token("number", token.value[1:], token.column + 1)
                indices = [token.value[0]]
            elif token.kind in ("letter", "number") and "." not in token.value:
                indices = [token.value]
            else:
                self.position -= 1
                self.refuse("an index is a letter or a whole number, not")
        else:
            self.take()
            indices = []
            while not self.is_next("symbol", "}"):
                if self.is_next("symbol", ","):
                    self.take()
                elif (self.is_next("letter") or self.is_next("number")) and "." not in self.peek().value:
                    indices.append(self.take().value)
                else:
                    self.refuse("an index is a letter or a whole number, not")
            self.take()
        if not indices or (count is not None and len(indices) != count):
            self.refuse(f"expected {count or 'at least one'} index(es) before")
        return indices

    def group(self, depth: int, right: bool = False) -> str:
        """( ... ), [ ... ] or { ... }; after \\left, the closing bracket follows \\right."""
        closing = OPENING[self.take().value]
        inner = self.expression(depth + 1)
        if right:
            self.expect("command", "right", "\\right")
        self.expect("symbol", closing, f"'{closing}'")
        return inner

    def fraction(self, depth: int) -> str:
        """\\frac{a}{b}, or a derivative when both parts start with \\partial (or d)."""
        marker = self.derivative_marker()
        if marker is None:
            numerator = self.braced(depth)
            return _wrap(f"{numerator}/{self.braced(depth)}")
        self.expect("symbol", "{", "'{'")
        self.take()  # the marker in the numerator
        if self.is_next("symbol", "^"):
            self.refuse("only first derivatives are read; not")
        function = None if self.is_next("symbol", "}") else self.expression(depth + 1)
        self.expect("symbol", "}", "'}'")
        self.expect("symbol", "{", "'{'")
        self.take()  # the marker in the denominator
        variable = self.variable()
        self.expect("symbol", "}", "'}' after the variable of a derivative (one variable, of order 1)")
        if function is None:
            function = self.operand(depth + 1)
        return f"Derivative({function}, {variable})"

    def operand(self, depth: int) -> str:
        """What an operator \\frac{d}{dx} applies to: a bracket (with its exponent) when one follows,
        else the product written next to it, up to +, -, an explicit product sign (\\cdot, \\times,
        *), /, another such operator or the end of the group: \\frac{d}{dx} x^2 \\sin x is d/dx (x^2 sin x),
        \\frac{d}{dx} (x) \\sin x and \\frac{d}{dx} f \\cdot g are (d/dx f) g."""
        if self.is_next("symbol", *OPENING) or self.is_next("command", "left"):
            return self.power(depth)
        parts = [self.factor(depth)]
        while self.starts_factor() and not self.is_operator():
            parts += ["*", self.factor(depth)]
        return _wrap("".join(parts)) if len(parts) > 1 else parts[0]

    def is_operator(self) -> bool:
        """Whether a derivative operator \\frac{d}{dx} (or \\frac{\\partial}{\\partial x}) comes next."""
        return self.is_next("command", *FRACTIONS) and self.is_next("symbol", "{", offset=1) \
            and (self.is_next("command", "partial", offset=2) or self.is_next("letter", "d", offset=2)) \
            and self.is_next("symbol", "}", offset=3)

    def derivative_marker(self) -> str | None:
        """'partial' or 'd' when the \\frac ahead is a derivative, else None (nothing is taken)."""
        if not self.is_next("symbol", "{"):
            self.refuse("\\frac needs {numerator}{denominator}, found")
        end = self.matching(self.position)
        if not self.is_next("symbol", "{", offset=end - self.position + 1):
            return None
        denominator = end - self.position + 2  # the offset of the denominator's first token
        if self.is_next("command", "partial", offset=1) and self.is_next("command", "partial", offset=denominator):
            return "partial"
        if self.is_next("letter", "d", offset=1) and self.is_next("letter", "d", offset=denominator):
            closing = self.matching(end + 1)
            variable = self.tokens[end + 3:closing]
            if variable and variable[0].kind == "letter" and all(t.kind != "command" for t in variable):
                return "d"
        return None

    def matching(self, index: int) -> int:
        """The index of the } that closes the { at ``index``."""
        level = 0
        for position in range(index, len(self.tokens)):
            token = self.tokens[position]
            if token.kind == "symbol" and token.value in "{}":
                level += 1 if token.value == "{" else -1
                if level == 0:
                    return position
        self.refuse("a { is not closed before")

    def variable(self) -> str:
        if self.is_next("letter"):
            return self.name(self.take().value)
        if self.is_next("command") and self.peek().value in GREEK and self.peek().value != "pi":
            return self.name(GREEK[self.take().value])
        self.refuse("a derivative is taken by a letter, possibly with a subscript, not")

    def braced(self, depth: int) -> str:
        self.expect("symbol", "{", "'{'")
        inner = self.expression(depth + 1)
        self.expect("symbol", "}", "'}'")
        return inner

    def sum(self, depth: int) -> str:
        """\\sum_{l=a}^{b} and the rest of the term after it."""
        self.expect("symbol", "_", "_{l=1} after \\sum")
        self.expect("symbol", "{", "{ after \\sum_")
        if not self.is_next("letter"):
            self.refuse("a sum runs over a letter, not")
        variable = self.take().value
        self.expect("symbol", "=", "'=' in \\sum_{l=1}")
        low = self.bound()
        self.expect("symbol", "}", "'}' after the lower bound of the sum")
        self.expect("symbol", "^", "^{L} after \\sum_{...}")
        if self.is_next("symbol", "{"):
            self.take()
            high = self.bound()
            self.expect("symbol", "}", "'}' after the upper bound of the sum")
        else:
            high = self.bound()
        body = self.term(depth + 1, in_sum=True)
        return f"Sum({body}, ({variable}, {low}, {high}))"

    def bound(self) -> str:
        if self.is_next("letter") or (self.is_next("number") and "." not in self.peek().value):
            return self.take().value
        self.refuse("a bound of a sum is a letter or a whole number, not")


def _wrap(text: str) -> str:
    return f"({text})"
