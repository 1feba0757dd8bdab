r"""`derive check FILE`: read a derivation written the way it stands in a notebook.

The file
--------
One expression per line, or a chain ``a = b = c`` on a line (each ``=`` is one step). Each
expression must equal the one before it; the first is the derivative to compute and the last
is its value. In SymPy syntax (read by `derive.parse`) or in LaTeX (read by
`derive.latex_input`): a file is LaTeX when its name ends in ``.tex`` or any expression or
``where`` line holds a backslash (``syntax`` can say which instead).

- Blank lines are skipped; ``#`` starts a comment to the end of the line (in LaTeX ``%`` too).
  In LaTeX, ``$``, ``&``, ``\[``, ``\]`` and a closing ``\\`` are ignored.
- A line may start or end with ``=`` (``= b`` goes on from the line above), as a textbook
  writes it.
- The first expression is the derivative to compute: ``Derivative(f, x)``, ``diff(f, x)`` or
  ``\frac{\partial f}{\partial x}``. SymPy works it out inside the checker.
- ``where S[j] = exp(z[j]) / Sum(exp(z[l]), (l, 1, L))`` (LaTeX: ``where S_j = \frac{...}{...}``)
  defines a name, plain or indexed with distinct index letters, that every line may use; the
  checker unfolds it (S[k] is the body with k for j). A body may use names defined above it.
- ``case j = k`` and ``case j != k`` (also ``case j \neq k``) start a branch. The expression
  lines before the first case line are the shared part; the first line of each branch must
  equal the last shared line under that case, and the lines after it, up to the next case
  line, follow on from each other under it.
- The last line of each branch (of the file, without cases) must hold no derivative any more.

The check
---------
In `derive.checker.written`; the report's text and JSON in `derive.printers.check`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Iterator

from sympy import (
    Basic,
    Derivative,
    Eq,
    Indexed,
    Ne,
    Symbol,
    sstr,
)

from derive.errors import DeriveError
from derive.rules.base import Definition
from derive.rules.limits import READ_SECONDS, TimeLimit, time_limit

from .inputs import derivatives_captured
from .latex import translate
from .text import MAX_LENGTH, ParseError, index_names, parse

MAX_BYTES = 1 << 20
MAX_LINES = 1000
MAX_PARTS = 20  # expressions in one chain
MAX_INDICES = 6
MAX_UNFOLDED = 10_000  # nodes of one expression with its definitions unfolded
SYNTAXES = ("auto", "sympy", "latex")
CASE = re.compile(r"case\s+([A-Za-z][A-Za-z0-9]{0,31})\s*(==|=|!=|\\neq|\\ne|≠)\s*([A-Za-z][A-Za-z0-9]{0,31})")


class BadInput(DeriveError, ValueError):
    """The file cannot be read as a derivation; the message (one line) names the line."""


# --------------------------------------------------------------------------------------------
# What a file says


@dataclass(frozen=True)
class Line:
    """One expression of the file: the line it stands on, its place in a chain, its text."""

    number: int
    part: int
    parts: int
    text: str
    expr: Basic

    @property
    def label(self) -> str:
        return f"line {self.number}" + (f", part {self.part}" if self.parts > 1 else "")


@dataclass(frozen=True)
class CaseLines:
    """The lines after a case line (``relation`` None: the shared part)."""

    relation: Basic | None
    number: int | None
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Script:
    shared: tuple[Line, ...]
    branches: tuple[CaseLines, ...]
    definitions: tuple[Definition, ...]
    latex: bool

    def lines(self) -> list[Line]:
        return [*self.shared, *(line for branch in self.branches for line in branch.lines)]

    def steps(self) -> Iterator[tuple[Line, Line, Basic | None]]:
        """(before, after, case) for every step, in the order of the file."""
        for before, after in zip(self.shared, self.shared[1:]):
            yield before, after, None
        for branch in self.branches:
            lines = (self.shared[-1], *branch.lines)
            for before, after in zip(lines, lines[1:]):
                yield before, after, branch.relation

    def ends(self) -> list[tuple[Basic | None, Line]]:
        """The last line of each branch (of the shared part, without cases), with its case."""
        if not self.branches:
            return [(None, self.shared[-1])]
        return [(branch.relation, branch.lines[-1]) for branch in self.branches]


# --------------------------------------------------------------------------------------------
# Reading


def read_source(name: str) -> str:
    """The text of the file ``name`` ('-': standard input), at most MAX_BYTES of UTF-8."""
    try:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", sys.stdin)
            data = stream.read(MAX_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise BadInput(f"cannot read {name}: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise BadInput(f"{'standard input' if name == '-' else name} is larger than {MAX_BYTES} bytes; not read")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadInput(f"{name} is not UTF-8 text (byte {error.start + 1})") from None
    if "\x00" in data:
        raise BadInput(f"{name} holds a NUL character; it is not a text file")
    return data


def read_script(text: str, name: str = "", syntax: str = "auto") -> Script:
    """The derivation in ``text``, or `BadInput` naming the first line that cannot be read."""
    if syntax not in SYNTAXES:
        raise BadInput(f"unknown syntax '{syntax}' (known: {', '.join(SYNTAXES)})")
    raw = text.splitlines()
    if len(raw) > MAX_LINES:
        raise BadInput(f"the file has {len(raw)} lines; at most {MAX_LINES} are read")
    latex_file = syntax == "latex" or (syntax == "auto" and _looks_like_latex(raw, name))
    entries = [(number, *_classify(number, _clean(line, latex_file)))
               for number, line in enumerate(raw, start=1)]
    entries = [entry for entry in entries if entry[1] != "blank"]
    sources = _translated(entries, latex_file)
    integers = frozenset(set().union(*(index_names(text, max_length=4 * MAX_LENGTH) for text in sources.values()))
                         | {name for number, kind, content in entries if kind == "case" for name in content[::2]})
    return _assemble(entries, sources, integers, latex_file)


def _looks_like_latex(lines: list[str], name: str) -> bool:
    if name.lower().endswith(".tex"):
        return True
    return any("\\" in line.split("#")[0] for line in lines if not line.lstrip().startswith("case"))


def _clean(line: str, latex_file: bool) -> str:
    line = line.split("#")[0]
    if latex_file:
        line = line.split("%")[0]
        for ignored in ("$", "&", "\\[", "\\]"):
            line = line.replace(ignored, " ")
        line = line.strip()
        if line.endswith("\\\\"):
            line = line[:-2]
    return line.strip()


def _classify(number: int, line: str) -> tuple[str, object]:
    """("blank", None), ("case", (j, op, k)), ("where", (name, body)) or ("chain", [texts])."""
    if not line:
        return "blank", None
    if re.match(r"case\b", line):
        match = CASE.fullmatch(line)
        if not match:
            raise BadInput(f"line {number}: a case line reads 'case j = k' or 'case j != k': {line[:80]}")
        return "case", match.groups()
    if re.match(r"where\b", line):
        parts = _split_equals(line[len("where"):], number)
        if len(parts) != 2 or not all(parts):
            raise BadInput(f"line {number}: a where line reads 'where NAME = EXPRESSION': {line[:80]}")
        return "where", tuple(parts)
    parts = _split_equals(line, number)
    while parts and not parts[0]:
        parts.pop(0)
    while parts and not parts[-1]:
        parts.pop()
    if not parts:
        return "blank", None
    if not all(parts):
        raise BadInput(f"line {number}: nothing between two '=': {line[:80]}")
    if len(parts) > MAX_PARTS:
        raise BadInput(f"line {number}: more than {MAX_PARTS} expressions in one chain")
    return "chain", parts


def _split_equals(line: str, number: int) -> list[str]:
    """``line`` split at each '=' outside brackets that is not part of == != <= >=."""
    parts, level, start = [], 0, 0
    for position, character in enumerate(line):
        if character in "([{":
            level += 1
        elif character in ")]}":
            level -= 1
        elif character == "=" and level == 0:
            neighbours = line[position - 1:position] + line[position + 1:position + 2]
            if any(mark in neighbours for mark in "=<>!"):
                raise BadInput(f"line {number}: a comparison is read only inside Piecewise: {line[:80]}")
            parts.append(line[start:position].strip())
            start = position + 1
    parts.append(line[start:].strip())
    return parts


def _translated(entries: list, latex_file: bool) -> dict:
    """The text derive.parse reads for each expression, keyed by (line, part); LaTeX translated."""
    sources = {}
    for number, kind, content in entries:
        texts = content if kind in ("chain", "where") else ()
        for part, text in enumerate(texts, start=1):
            try:
                sources[number, part] = translate(text) if latex_file else text
            except ParseError as error:
                raise BadInput(f"line {number}: {error}") from None
    return sources


def _read(number: int, text: str, integers: frozenset, latex_file: bool) -> Basic:
    try:
        with time_limit(READ_SECONDS, f"reading line {number}"):
            return parse(text, integers=integers, max_length=(4 if latex_file else 1) * MAX_LENGTH)
    except ParseError as error:
        raise BadInput(f"line {number}: {error}") from None
    except TimeLimit as error:
        raise BadInput(f"line {number}: not read: {error}") from None


def _assemble(entries: list, sources: dict, integers: frozenset, latex_file: bool) -> Script:
    """The shared lines, the branches and the definitions, each expression read."""
    shared: list[Line] = []
    branches: list[tuple[Basic, int, list[Line]]] = []
    definitions: list[Definition] = []
    sizes: dict = {}  # the size of each defined name's body, its definitions unfolded
    for number, kind, content in entries:
        if kind == "where":
            definitions.append(_definition(number, sources, integers, latex_file, definitions, sizes))
        elif kind == "case":
            if not shared:
                raise BadInput(f"line {number}: a case needs the lines before it to start from")
            branches.append((_relation(number, content), number, []))
        else:
            lines = [Line(number, part, len(content), text, _read(number, sources[number, part], integers, latex_file))
                     for part, text in enumerate(content, start=1)]
            for line in lines:
                _bounded(line.label, line.expr, sizes)
            (branches[-1][2] if branches else shared).extend(lines)
    for relation, number, lines in branches:
        if not lines:
            raise BadInput(f"line {number}: the case {sstr(relation)} has no lines")
    script = Script(tuple(shared), tuple(CaseLines(r, n, tuple(lines)) for r, n, lines in branches),
                    tuple(definitions), latex_file)
    _validate(script)
    return script


def _size(expr: Basic, sizes: dict) -> int:
    """The number of nodes of ``expr`` once the defined names in it are unfolded, counted
    without unfolding them (a chain of definitions, each using the one before twice, doubles)."""
    total, stack = 0, [expr]
    while stack and total <= MAX_UNFOLDED:
        node = stack.pop()
        named = node.base if isinstance(node, Indexed) else node
        if named in sizes:
            total += sizes[named]
            continue
        total += 1
        stack.extend(node.args)
    return total


def _bounded(label: str, expr: Basic, sizes: dict) -> int:
    """The unfolded size of ``expr``; `BadInput` past MAX_UNFOLDED nodes."""
    size = _size(expr, sizes)
    if size > MAX_UNFOLDED:
        raise BadInput(f"{label}: with the definitions unfolded, the expression has more than {MAX_UNFOLDED} parts; "
                       "not read")
    return size


def _definition(number: int, sources: dict, integers: frozenset, latex_file: bool,
                earlier: list[Definition], sizes: dict | None = None) -> Definition:
    name = _read(number, sources[number, 1], integers, latex_file)
    body = _read(number, sources[number, 2], integers, latex_file)
    sizes = {} if sizes is None else sizes
    size = _bounded(f"line {number}", body, sizes)
    if isinstance(name, Indexed):
        indices = name.indices
        if not all(isinstance(index, Symbol) for index in indices) or len(set(indices)) != len(indices):
            raise BadInput(f"line {number}: a defined name takes distinct index letters, as S[j] or S[i, j]")
        named = name.base
    elif isinstance(name, Symbol) and not name.is_integer:
        named = name
    else:
        raise BadInput(f"line {number}: only a name or an indexed name can be defined, not {sources[number, 1]}")
    if any(named == definition.name or named == getattr(definition.name, "base", None) for definition in earlier):
        raise BadInput(f"line {number}: {named} is defined twice")
    for definition in earlier:
        body = definition.unfold(body)
    if body.has(named):
        raise BadInput(f"line {number}: the definition of {named} uses {named} itself")
    sizes[named] = size
    return Definition(name, body, tuple(name.indices) if isinstance(name, Indexed) else ())


def _relation(number: int, content: tuple) -> Basic:
    left, operator, right = content
    j, k = Symbol(left, integer=True), Symbol(right, integer=True)
    relation = (Eq if operator in ("=", "==") else Ne)(j, k)
    if not isinstance(relation, (Eq, Ne)):
        raise BadInput(f"line {number}: the case {left} {operator} {right} is always or never so")
    return relation


def _validate(script: Script) -> None:
    lines = script.lines()
    if not lines:
        raise BadInput("the file holds no expression")
    first = lines[0]
    defined = {getattr(definition.name, "base", definition.name) for definition in script.definitions}
    for label, expr in [*((line.label, line.expr) for line in lines),
                        *((f"the definition of {definition.name}", definition.body) for definition in script.definitions)]:
        for derivative in expr.atoms(Derivative):
            for variable in derivative.variables:  # a defined name is a function of the inputs, never an input
                if getattr(variable, "base", variable) in defined:
                    raise BadInput(f"{label}: a derivative by {variable}, a name defined with where; a derivative "
                                   "is taken by an input, not by a name for an expression")
    if not _unfold(first.expr, script.definitions).has(Derivative):
        raise BadInput(f"{first.label}: the first expression must be the derivative to compute, "
                       "as Derivative(f, x), diff(f, x) or \\frac{\\partial f}{\\partial x}")
    if len(lines) == 1:
        raise BadInput(f"{first.label}: nothing to check: write the lines that work the derivative out after it")
    ranks = {definition.name.base: len(definition.name.indices) for definition in script.definitions
             if isinstance(definition.name, Indexed)}
    for line in lines:
        for atom in line.expr.atoms(Indexed):
            if atom.base in ranks and len(atom.indices) != ranks[atom.base]:
                raise BadInput(f"{line.label}: {atom} has {len(atom.indices)} index(es); "
                               f"its definition has {ranks[atom.base]}")
    for line in lines:  # d/dx[k] of a sum over k: the sum's k would capture the variable's
        why = derivatives_captured(_unfold(line.expr, script.definitions))
        if why is not None:
            raise BadInput(f"{line.label}: {why}")


def _unfold(expr: Basic, definitions: tuple[Definition, ...]) -> Basic:
    for definition in definitions:
        expr = definition.unfold(expr)
    return expr


# --------------------------------------------------------------------------------------------
# The where lines of `derive expr --where`


def read_where(texts, others=()) -> tuple[tuple[Definition, ...], frozenset]:
    """The definitions of ``where`` lines given one by one (``'mu = Sum(x[l], (l, 1, N))/N'``, as
    a check file's ``where`` line without the word), and the index names of them all and of the
    ``others`` texts (the expression), so that every text reads an index the same way.

    Each body keeps the names defined before it (``xhat[j] = (x[j] - mu)/sigma``), as written: the
    rules fold a result into the names as the user wrote them. The definitions come latest first,
    so unfolding them in that order, one after the other, leaves a plain expression.
    `BadInput` names the where line (1 for the first) that cannot be read.
    """
    entries = []
    for number, text in enumerate(texts, start=1):
        parts = _split_equals(text, number)
        if len(parts) != 2 or not all(parts):
            raise BadInput(f"--where {number}: a where reads 'NAME = EXPRESSION': {text[:80]}")
        entries.append((number, "where", tuple(parts)))
    sources = _translated(entries, False)
    integers = frozenset(set().union(*(index_names(text) for text in [*sources.values(), *others])))
    definitions: list[Definition] = []
    for number, _, _ in entries:
        try:
            unfolded = _definition(number, sources, integers, False, definitions[::-1])  # latest first: unfolds whole
        except BadInput as error:
            raise BadInput(str(error).replace(f"line {number}", f"--where {number}", 1)) from None
        name = unfolded.name
        written = _read(number, sources[number, 2], integers, False)
        indices = tuple(name.indices) if isinstance(name, Indexed) else ()
        definitions.append(Definition(name, written, indices[0] if len(indices) == 1 else indices))
    return tuple(reversed(definitions)), integers
