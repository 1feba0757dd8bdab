r"""`derive check FILE`: check a derivation written the way it stands in a notebook.

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
Each expression is compared with the one before it, under the case in force: numerically at
random points with 30 digits, at lengths L = 2, 3, 5 for the sums, with the index values drawn
to honour the case (the same points as `derive.verify`). When a line does not follow, the point
and both values are reported, and the likely slip when the values show it at every point: a
sign error, a missing constant factor, a denominator not squared, a missing inner derivative of
the chain rule, a term dropped. Every step runs under a time bound; a step that reaches it is
reported as not checked, naming its line.
"""

from __future__ import annotations

import json
import re
import sys
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterator

import mpmath
from sympy import (
    Add,
    Basic,
    Derivative,
    Eq,
    Function,
    Indexed,
    Integer,
    Mul,
    Ne,
    Pow,
    Sum,
    Symbol,
    latex,
    preorder_traversal,
    sstr,
)

from .latex_input import translate
from .limits import TimeLimit, time_limit
from .numeric import NotNumeric, Point, close, evaluate
from .parse import MAX_LENGTH, ParseError, index_names, parse
from .checker import DIGITS, Plan
from .checker.exact import ASSIGNMENTS_PER_LENGTH, STEP_LENGTHS, Sampler
from .checker.points import LENGTHS
from .verify import Preparer, compare_sides, coverage, describe, real_derivative, symbolic_equal

MAX_BYTES = 1 << 20
MAX_LINES = 1000
MAX_PARTS = 20  # expressions in one chain
MAX_INDICES = 6
MAX_VARIANTS = 400  # candidate slips tried for one line
MAX_UNFOLDED = 10_000  # nodes of one expression with its definitions unfolded
READ_SECONDS = 5.0  # reading one line
STEP_SECONDS = 20.0  # checking one step
SLIP_SECONDS = 10.0  # looking for the slip of a step that does not hold
FILE_SECONDS = 180.0  # checking the whole file
TINY = mpmath.mpf(10) ** -20
SYNTAXES = ("auto", "sympy", "latex")
CASE = re.compile(r"case\s+([A-Za-z][A-Za-z0-9]{0,31})\s*(==|=|!=|\\neq|\\ne|≠)\s*([A-Za-z][A-Za-z0-9]{0,31})")


class BadInput(ValueError):
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
class Definition:
    """``name`` (a name, or an indexed name with index letters) stands for ``body``."""

    name: Basic
    body: Basic
    number: int

    def unfold(self, expr: Basic) -> Basic:
        if not isinstance(self.name, Indexed):
            return expr.xreplace({self.name: self.body})
        parameters = self.name.indices

        def body_of(node: Indexed) -> Basic:
            return self.body.xreplace(dict(zip(parameters, node.indices)))

        return expr.replace(lambda node: isinstance(node, Indexed) and node.base == self.name.base, body_of)


@dataclass(frozen=True)
class Branch:
    """The lines after a case line (``relation`` None: the shared part)."""

    relation: Basic | None
    number: int | None
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Script:
    shared: tuple[Line, ...]
    branches: tuple[Branch, ...]
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
    script = Script(tuple(shared), tuple(Branch(r, n, tuple(lines)) for r, n, lines in branches),
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
    return Definition(name, body, number)


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


def _unfold(expr: Basic, definitions: tuple[Definition, ...]) -> Basic:
    for definition in definitions:
        expr = definition.unfold(expr)
    return expr


# --------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class StepCheck:
    """The verdict on one step: ``after`` follows from ``before`` under ``case``, or not."""

    before: Line
    after: Line
    case: Basic | None
    holds: bool
    detail: str
    point: tuple[tuple[str, str], ...] = ()
    values: tuple[str, str] = ()
    slip: str = ""
    points: int = 0


@dataclass(frozen=True)
class Report:
    name: str
    script: Script
    steps: tuple[StepCheck, ...]
    unfinished: tuple[Line, ...] = ()
    lengths: tuple[str, ...] = ()  # the symbols the sums run to (L), set to 2, 3, 5 in turn
    indices: tuple[str, ...] = ()
    seed: int | None = None
    cases: object = None  # the check that the cases cover the domain (a derive.records.Check), when there are cases
    points: int = 0  # the fewest points any step was compared at

    @property
    def holds(self) -> bool:
        covered = self.cases is None or self.cases.passed
        return all(step.holds for step in self.steps) and not self.unfinished and covered

    @property
    def summary(self) -> str:
        """One line: what holds, or the first line that does not follow."""
        failed = [step for step in self.steps if not step.holds]
        if failed:
            step = failed[0]
            return f"{step.after.label} does not follow from {step.before.label}: {step.after.text}"
        if self.unfinished:
            return f"{self.unfinished[0].label} still holds a derivative, so it is not yet the value of the derivative"
        if self.cases is not None and not self.cases.passed:
            return f"the cases do not cover the domain: {self.cases.detail}"
        ends = "; ".join(f"{_case_text(case, self.script.latex)}: {line.label}" if case is not None else line.label
                         for case, line in self.script.ends())
        held = "the step holds" if len(self.steps) == 1 else f"all {len(self.steps)} steps hold"
        return f"{held}; the derivative is {ends}"


def check_file(name: str, syntax: str = "auto", seed: int | None = None) -> Report:
    """Read and check the file ``name`` ('-': standard input)."""
    text = read_source(name)
    return check_script(read_script(text, "" if name == "-" else name, syntax), name, seed)


def check_script(script: Script, name: str = "", seed: int | None = None) -> Report:
    """Check every step of ``script`` within its time bound, that each branch ends without a
    derivative, and that the cases cover the domain, with the points of `derive.verify`."""
    checker = _Checker(script, seed)
    deadline = time.monotonic() + FILE_SECONDS
    steps = []
    for before, after, case in script.steps():
        if time.monotonic() >= deadline:
            steps.append(StepCheck(before, after, case, False,
                                   f"not checked: the whole file took longer than {FILE_SECONDS:g} s"))
            continue
        steps.append(checker.check(before, after, case, deadline))
    unfinished = tuple(line for _, line in script.ends() if checker.unfold(line.expr).has(Derivative))
    cases = None
    if script.branches:
        try:
            with time_limit(max(min(STEP_SECONDS, deadline - time.monotonic()), 1e-3), "checking the cases"):
                cases = coverage([branch.relation for branch in script.branches], checker.plan)
        except Exception as error:  # noqa: BLE001 -- out of time, or SymPy failed: not shown to cover
            from .records import Check

            cases = Check("the cases cover the domain", False, "none", f"could not be checked: {error}")
    counted = [step.points for step in steps if step.holds]
    return Report(name, script, tuple(steps), unfinished, tuple(map(str, checker.lengths)),
                  tuple(map(str, checker.indices)), checker.plan.seed, cases, min(counted) if counted else 0)


# --------------------------------------------------------------------------------------------
# Checking


@dataclass(frozen=True)
class _Sample:
    bound: dict
    point: Point
    before: object  # mpmath numbers
    after: object


class _Checker:
    """Compares the lines of one script at shared random points (see `derive.verify.Sampler`)."""

    def __init__(self, script: Script, seed: int | None = None):
        self.script = script
        self.preparer = Preparer()
        self.unfolded: dict = {}
        self.first = script.lines()[0]
        expressions = [self.unfold(line.expr) for line in script.lines()]
        relations = [branch.relation for branch in script.branches]
        self.lengths = sorted({symbol for expr in expressions for total in expr.atoms(Sum)
                               for _, low, high in total.limits for symbol in low.free_symbols | high.free_symbols},
                              key=str)
        self.indices = sorted({symbol for expr in [*expressions, *relations] for symbol in expr.free_symbols
                               if symbol.is_integer} - set(self.lengths), key=str)
        if len(self.indices) > MAX_INDICES:
            raise BadInput(f"the file uses {len(self.indices)} index letters; at most {MAX_INDICES} are checked")
        functions = [derivative.expr for derivative in expressions[0].atoms(Derivative)]
        self.plan = Plan(seed, Add(*functions) if functions else None, self.lengths, self.indices)
        self.sampler = Sampler(self.plan.seed)

    def unfold(self, expr: Basic) -> Basic:
        if expr not in self.unfolded:
            self.unfolded[expr] = _unfold(expr, self.script.definitions)
        return self.unfolded[expr]

    def prepare(self, expr: Basic) -> Basic:
        """Definitions unfolded, derivatives worked out by SymPy."""
        return self.preparer(self.unfold(expr))

    def show(self, expr: Basic) -> str:
        return latex(expr) if self.script.latex else sstr(expr)

    def check(self, before: Line, after: Line, case: Basic | None, deadline: float) -> StepCheck:
        """One step within STEP_SECONDS; then, if it does not hold, the slip within SLIP_SECONDS;
        neither beyond ``deadline`` (time.monotonic)."""
        try:
            with time_limit(max(min(STEP_SECONDS, deadline - time.monotonic()), 1e-3), f"checking {after.label}"):
                verdict, samples = self.compare(before, after, case)
        except TimeLimit as error:
            return StepCheck(before, after, case, False, f"not checked: {error}")
        except Exception as error:  # whatever SymPy raises, the step is reported, never passed
            return StepCheck(before, after, case, False, f"could not be checked: {type(error).__name__}: {error}")
        remaining = min(SLIP_SECONDS, deadline - time.monotonic())
        if verdict.holds or not samples or remaining <= 0:
            return verdict
        try:
            with time_limit(remaining, f"looking for the slip in {after.label}"):
                slip = self.slip(before, after, samples)
        except Exception:  # out of time, or SymPy failed on a candidate: no slip is named
            slip = ""
        return StepCheck(before, after, case, False, verdict.detail, verdict.point, verdict.values, slip)

    def compare(self, before: Line, after: Line, case: Basic | None) -> tuple[StepCheck, list[_Sample]]:
        """The step at the points of the plan (as `derive.verify` checks a derivation's steps);
        where it does not hold, the points at which the slip is looked for."""
        a, b = self.prepare(before.expr), self.prepare(after.expr)
        evidence = compare_sides(self.plan, a, b, case)
        if evidence.equal is None:
            proven = bool(_cheap(a) and _cheap(b) and symbolic_equal(a, b)) and self.plan.real_domain()[0]
            detail = describe(evidence) + ("; proven symbolically instead" if proven else "; not proven")
            return StepCheck(before, after, case, proven, detail), []
        if evidence.equal:
            symbolic = "; symbolically too" if _cheap(a) and _cheap(b) and symbolic_equal(a, b) else ""
            return StepCheck(before, after, case, True, describe(evidence) + symbolic,
                             points=evidence.points), []
        return StepCheck(before, after, case, False, "the two sides differ", evidence.counterexample,
                         evidence.values), self.samples(a, b, case)

    def samples(self, a: Basic, b: Basic, case: Basic | None) -> list[_Sample]:
        """Both sides at 30 digits at a few points of this case, for the search for the slip:
        one point per index assignment, at each length (three points without indices nor sums)."""
        indexed = bool(self.lengths or self.indices)
        found = []
        with mpmath.workdps(DIGITS + 10):
            for n in (STEP_LENGTHS if indexed else (None,)):
                fixed = {symbol: n for symbol in self.lengths} if n is not None else {}
                wanted = 1 if indexed else ASSIGNMENTS_PER_LENGTH
                for assignment in self.sampler.assignments(self.indices, n or 3, case, ASSIGNMENTS_PER_LENGTH):
                    bound = {**fixed, **assignment}
                    found.extend(self.points(a, b, bound, wanted))
        return found

    def points(self, a: Basic, b: Basic, bound: dict, wanted: int) -> list[_Sample]:
        found = []
        for attempt in range(1, 5 * wanted + 1):
            if len(found) == wanted:
                break
            point = self.sampler.point(bound, attempt)
            left, right = _value(a, point, bound), _value(b, point, bound)
            if left is not None and right is not None:
                found.append(_Sample(bound, point, left, right))
        return found

    def describe(self, sample: _Sample) -> tuple[tuple[str, str], ...]:
        """The point: lengths, index values, then the input values."""
        fixed = [(str(symbol), str(value)) for symbol, value in sorted(sample.bound.items(), key=lambda item: (
            item[0] not in self.lengths, str(item[0])))]
        inputs = sorted((_input_name(key, self.script.latex), mpmath.nstr(value, 8))
                        for key, value in sample.point.values.items())
        return tuple(fixed + inputs)

    # -- the likely slip

    def slip(self, before: Line, after: Line, samples: list[_Sample]) -> str:
        """The likely slip, when the values at every point show it; else ''."""
        right = [sample.before for sample in samples]
        wrong = [sample.after for sample in samples]
        with mpmath.workdps(DIGITS + 10):
            if _all_close(wrong, [-value for value in right]):
                return f"a sign error: {after.label} is the negative of what it should be"
            ratio = _constant_ratio(right, wrong)
            if ratio is not None:
                return f"a missing constant factor: {after.label} should be {ratio} times what it is"
            for tried, (description, variant, target) in enumerate(self.candidates(before, after)):
                if tried >= MAX_VARIANTS:
                    break
                if self.agrees(variant, samples, target):
                    return description
        return ""

    def candidates(self, before: Line, after: Line) -> Iterator[tuple[str, Basic, Callable]]:
        """(the slip, the line as it would be without it, which side that must equal)."""
        should, dropped = _line_before, _line_after  # a repair must equal the line before; a drop, the line
        wrong = after.expr
        for term in _unique(arg for node in preorder_traversal(wrong) if isinstance(node, Add) for arg in node.args):
            yield (f"a sign error: {self.show(term)} should be {self.show(-term)}", wrong.xreplace({term: -term}),
                   should)
        for power in _unique(node for node in preorder_traversal(wrong) if isinstance(node, Pow) and node.exp == -1):
            yield (f"a denominator not squared: {self.show(power.base)} should be squared",
                   wrong.xreplace({power: power.base**-2}), should)
        for inner, derivative in self.inner_derivatives(before):
            for place in _places(wrong):
                if self.unfold(place).has(inner):
                    yield (f"a missing factor: {self.show(derivative)}, the derivative of the inner "
                           f"{self.show(inner)} (chain rule), in {self.show(place)}",
                           wrong.xreplace({place: place * derivative}), should)
        for source in _unique([before.expr, self.prepare(before.expr)]):
            for total in _unique(node for node in preorder_traversal(source) if isinstance(node, Add)):
                for term in total.args:
                    rest = Add(*[other for other in total.args if other is not term])
                    yield (f"a term dropped: {self.show(term)} of {before.label} is missing",
                           source.xreplace({total: rest}), dropped)

    def inner_derivatives(self, before: Line) -> list[tuple[Basic, Basic]]:
        """(u, du/dx) for each inner function u of the derivatives d/dx taken in the first line
        and in ``before``: what the chain rule multiplies by."""
        found = []
        for line in _unique([self.first.expr, before.expr]):
            for derivative in self.unfold(line).atoms(Derivative):
                (variable, _), = derivative.variable_count[:1]
                free = derivative.expr.free_symbols | variable.free_symbols
                for inner in _inner_parts(derivative.expr):
                    slope = real_derivative(inner, (variable, 1))
                    if slope not in (Integer(0), Integer(1)) and slope.free_symbols <= free:
                        found.append((inner, slope))
        return list(dict.fromkeys(found))[:10]

    def agrees(self, variant: Basic, samples: list[_Sample], target: Callable) -> bool:
        """``variant`` has the value ``target(sample)`` at every point, and it is not 0 at all of them."""
        prepared = self.prepare(variant)
        for sample in samples:
            value = _value(prepared, sample.point, sample.bound)
            if value is None or not close(value, target(sample), DIGITS):
                return False
        return any(abs(target(sample)) > TINY for sample in samples)


def _line_before(sample: _Sample):
    return sample.before


def _line_after(sample: _Sample):
    return sample.after


def _value(expr: Basic, point: Point, bound: dict):
    """The value of ``expr`` at the point, or None where it has none."""
    try:
        value = evaluate(expr, point, bound, point.memo)
    except (NotNumeric, ZeroDivisionError, ValueError, TypeError):
        return None
    return value if mpmath.isfinite(value) else None


def _cheap(expr: Basic) -> bool:
    """Whether expanding ``expr`` stays small: no sum raised to a high power, as (x + y)**1000."""
    return not any(isinstance(node, Pow) and node.base.is_Add and node.exp.is_Number and abs(node.exp) > 12
                   for node in preorder_traversal(expr))


def _input_name(key, latex_names: bool) -> str:
    if isinstance(key, tuple):
        base, indices = key
        joined = ", ".join(map(str, indices))
        return f"{base}_{{{joined}}}" if latex_names else f"{base}[{joined}]"
    return str(key)


def _all_close(values: list, targets: list) -> bool:
    """Each value equals its target, and the targets are not all 0 (call it at the working precision)."""
    return all(close(value, target, DIGITS) for value, target in zip(values, targets)) \
        and any(abs(target) > TINY for target in targets)


def _constant_ratio(right: list, wrong: list) -> str | None:
    """The constant r with right = r * wrong at every point (r not 1), as text; else None
    (call it at the working precision)."""
    pairs = [(r, w) for r, w in zip(right, wrong) if abs(w) > TINY or abs(r) > TINY]
    if len(pairs) < 2 or any(abs(w) <= TINY or abs(r) <= TINY for r, w in pairs):
        return None
    ratios = [r / w for r, w in pairs]
    if any(not close(ratio, ratios[0], DIGITS) for ratio in ratios) or close(ratios[0], 1, DIGITS):
        return None
    fraction = Fraction(float(ratios[0])).limit_denominator(1000)
    exact = close(ratios[0], mpmath.mpf(fraction.numerator) / fraction.denominator, DIGITS)
    return str(fraction) if exact else mpmath.nstr(ratios[0], 12)


def _inner_parts(expr: Basic) -> list[Basic]:
    """The arguments of the functions in ``expr`` and the bases of its powers."""
    parts = []
    for node in preorder_traversal(expr):
        if isinstance(node, Function):
            parts.extend(node.args)
        elif isinstance(node, Pow) and not node.base.is_Number:
            parts.append(node.base)
    return [part for part in _unique(parts) if not part.is_Number]


def _places(expr: Basic) -> list[Basic]:
    """Where a factor can be missing: the whole expression, each term of a sum, each factor of a product."""
    places = [expr]
    for node in preorder_traversal(expr):
        if isinstance(node, (Add, Mul)):
            places.extend(arg for arg in node.args if not arg.is_Number)
    return _unique(places)


def _unique(items) -> list:
    return list(dict.fromkeys(items))


# --------------------------------------------------------------------------------------------
# Rendering


def _case_text(case: Basic, latex_names: bool) -> str:
    left, right = case.args
    different = "\\neq" if latex_names else "!="
    return f"{left} {'=' if isinstance(case, Eq) else different} {right}"


def render(report: Report, format: str = "text") -> str:
    """The report as plain text (a line per step) or as JSON (schema derive.check/1)."""
    return _render_json(report) if format == "json" else _render_text(report)


def _render_text(report: Report) -> str:
    script, lines = report.script, []
    first = script.lines()[0]
    lines.append(f"{first.label}: {first.text}   (the derivative to compute)")
    case_lines = {branch.lines[0]: branch for branch in script.branches}
    for step in report.steps:
        if step.after in case_lines:
            branch = case_lines[step.after]
            lines.append(f"case {_case_text(branch.relation, script.latex)} (line {branch.number}), "
                         f"from {step.before.label}:")
        lines.extend(_step_text(step))
    for line in report.unfinished:
        lines.append(f"{line.label} still holds a derivative, so it is not yet the value of the derivative")
    if report.cases is not None:
        mark = "the cases cover the domain" if report.cases.passed else "the cases do NOT cover the domain"
        lines.append(f"{mark}: {report.cases.detail}")
    if report.holds:
        lengths = f", the sums at {_lengths_text(report.lengths)}" if report.lengths else ""
        indices = f", the indices {', '.join(report.indices)} under every pattern of equality each step's case allows" \
            if report.indices else ""
        lines.append(f"{report.summary}. Each step was compared at {report.points} or more random points over "
                     f"the whole real domain, at 30 digits where doubles could not decide"
                     f"{lengths}{indices}; seed {report.seed}.")
    else:
        failed = sum(not step.holds for step in report.steps)
        verb = "does" if failed == 1 else "do"
        lines.append(f"not proven: {failed} of {len(report.steps)} steps {verb} not hold; first: {report.summary}"
                     if failed else f"not proven: {report.summary}")
    return "\n".join(lines) + "\n"


def _lengths_text(lengths) -> str:
    return " = ".join(map(str, lengths)) + " = " + ", ".join(map(str, LENGTHS))


def _step_text(step: StepCheck) -> list[str]:
    if step.holds:
        return [f"{step.after.label} holds: {step.after.text}"]
    text = [f"{step.after.label} does not follow from {step.before.label}: {step.after.text}"]
    if step.point:
        text.append("  at " + ", ".join(f"{name} = {value}" for name, value in step.point))
        text.append(f"  {step.before.label} has the value {step.values[0]}, {step.after.label} has {step.values[1]}")
    else:
        text.append(f"  {step.detail}")
    if step.slip:
        text.append(f"  the likely slip: {step.slip}")
    return text


def _render_json(report: Report) -> str:
    def where(line: Line) -> dict:
        return {"line": line.number, "part": line.part, "text": line.text}

    steps = [{**where(step.after), "from": where(step.before),
              "case": sstr(step.case) if step.case is not None else None, "holds": step.holds,
              "detail": step.detail, "point": dict(step.point) or None,
              "values": dict(zip(("before", "after"), step.values)) or None, "slip": step.slip or None}
             for step in report.steps]
    document = {"schema": "derive.check/1", "file": report.name, "holds": report.holds,
                "summary": report.summary, "start": where(report.script.lines()[0]), "steps": steps,
                "unfinished": [where(line) for line in report.unfinished],
                "results": [{"case": sstr(case) if case is not None else None, **where(line)}
                            for case, line in report.script.ends()],
                "seed": report.seed, "points": report.points,
                "cases_cover": None if report.cases is None else {"holds": report.cases.passed,
                                                                  "detail": report.cases.detail}}
    return json.dumps(document, indent=2) + "\n"
