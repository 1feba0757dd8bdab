"""The softmax Jacobian: the proven derivative instantiated as an N x N matrix, and evaluated at a point.

The symbolic proof is done once, for general L: that is the derivation, whose ``unified`` result is
dS_j/dz_k = S_j (delta_jk - S_k). The N x N Jacobian is that expression with j, k set to concrete
numbers and L to N: entry (j, k) is S_j (1 - S_j) on the diagonal and -S_j S_k off it, that is
diag(S) - S S^T. No Jacobian is ever computed by SymPy to build it.

For small N (``prove_up_to``, 8 by default) the instantiated matrix is also compared with SymPy's
``Matrix.jacobian`` of the explicit N-input softmax (S unfolded into its definition, the sums
written out): numerically at random points to 30 digits, and symbolically (each entry's difference
cancels to 0) for N <= 4. Above ``prove_up_to`` only the instantiation is done; the records say so.

The properties a learner should see (the matrix is symmetric; each row and each column sums to 0
because the outputs sum to 1; the diagonal is S_j (1 - S_j)) come with a short reason derived from
the unified form and a symbolic check, and `at` checks them numerically at a given point.

The same is done for the Hessian of the softmax cross-entropy (a derivation of order 2 by z_j and
z_k, `derive.functions.hessian`): its result S_j (delta_jk - S_k) is the same matrix diag(S) - S S^T,
compared with ``sympy.hessian`` of the explicit loss with one-hot labels, and shown positive
semidefinite besides. `Words` say which matrix a record is, so the printers name it rightly.

Everything here is pure: it builds records and prints nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

import mpmath
from sympy import (Add, Eq, Expr, ImmutableMatrix, Indexed, Integer, KroneckerDelta, Matrix, Mul, Sum, Symbol, cancel,
                   expand)

from derive.checker.digits import NotNumeric, Point, evaluate
from derive.show import show_latex, show_text
from derive.functions.hessian import is_second_order
from derive.engine.records import Check, Checked, Derivation, Verification
from derive.checker import Plan
from derive.checker.checks import as_check, compare_sides, guarded, merge, write_out_sums

DIGITS = 30            # significant digits of every numeric comparison
PROVE_UP_TO = 8        # N up to which the matrix is compared with sympy.Matrix.jacobian
SYMBOLIC_UP_TO = 4     # N up to which that comparison is also done symbolically
PROPERTY_SIZE = 3      # the N at which each property's symbolic reason is checked by expand
TOLERANCE = mpmath.mpf("1e-25")  # a property holds at a point when its residual is below this
MAX_SIZE = 128         # the matrix has N^2 entries: above this, refuse rather than run for minutes


# --------------------------------------------------------------------------------------------
# The records

@dataclass(frozen=True)
class Words:
    """How the matrix is named: ``title`` (The Jacobian of softmax), ``short`` (Jacobian), its
    ``letter`` (J), the ``tool`` it is compared with and ``against``, what that tool is given
    ({n}: the size), and the derivative each entry is, as text and as LaTeX (None: ∂S_j/∂z_k)."""

    title: str = "The Jacobian of softmax"
    short: str = "Jacobian"
    letter: str = "J"
    tool: str = "sympy.Matrix.jacobian"
    against: str = "the explicit {n}-input softmax"
    derivative_text: str | None = None
    derivative_latex: str | None = None
    axes: str = "row {j}: the output; column {k}: the input"


JACOBIAN = Words()

@dataclass(frozen=True)
class Property:
    """A property of the Jacobian with its reason, derived from the unified form.

    ``reason`` is a sentence cut into text (str) and expressions (SymPy), in the derivation's
    notation, so each printer shows the mathematics its own way; ``check`` is the symbolic check
    of the reason on the instantiated matrix.
    """

    name: str
    statement: str
    reason: tuple
    check: Check


@dataclass(frozen=True)
class Jacobian(Checked):
    """The N x N Jacobian dS_j/dz_k (rows j: outputs; columns k: inputs), entries in the S symbols.

    ``checks`` are every check made (the general derivation, the instantiation against
    diag(S) - S S^T, the comparison with SymPy where N <= ``proven_up_to``, and each property's
    symbolic reason); ``compared`` says whether the comparison with SymPy was made at this size.
    """

    derivation: Derivation
    size: int
    matrix: Matrix  # an ImmutableMatrix, as the record is frozen
    checks: tuple[Check, ...]
    properties: tuple[Property, ...] = ()
    compared: bool = False
    proven_up_to: int = PROVE_UP_TO
    words: Words = JACOBIAN

    @property
    def outputs(self) -> tuple[Expr, ...]:
        """S_1 .. S_N (with the sample index where the notation has one)."""
        return tuple(output_symbols(self.derivation, self.size))

    @property
    def inputs(self) -> tuple[Expr, ...]:
        """z_1 .. z_N, the variables of the columns."""
        return tuple(input_symbols(self.derivation, self.size))



@dataclass(frozen=True)
class JacobianAt:
    """The Jacobian evaluated at one point z: the outputs S and the numeric matrix (mpmath numbers,
    ``DIGITS`` significant digits), with the properties checked there."""

    jacobian: Jacobian
    point: tuple            # z_1 .. z_N as mpmath numbers
    outputs: tuple          # S_1 .. S_N as mpmath numbers
    numeric: tuple          # rows of mpmath numbers: numeric[j][k] = dS_j/dz_k at the point
    checks: tuple[Check, ...]
    given: tuple[str, ...] = ()  # the values as they were given

    @property
    def size(self) -> int:
        return self.jacobian.size

    @property
    def verified(self) -> bool:
        return self.jacobian.verified and all(check.passed for check in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return self.jacobian.failures + tuple(check for check in self.checks if not check.passed)

    @property
    def verification(self) -> Verification:
        return Verification((), self.jacobian.checks + self.checks)


# --------------------------------------------------------------------------------------------
# The symbols, read from the derivation's records (never by name)

@dataclass(frozen=True)
class Letters:
    """The symbols of a softmax derivation: S_j = body, the variable z_k, the length L."""

    name: Indexed          # S[i, j] or S[j]
    body: Expr             # exp(z[i, j]) / Sum(exp(z[i, l]), (l, 1, L))
    output: Symbol         # j
    wrt: Symbol            # k
    length: Symbol         # L
    variable: Indexed      # z[i, k] or z[k]
    samples: tuple         # the other indices of S (the sample i), held at 1 when evaluating


def letters(derivation: Derivation) -> Letters:
    if not derivation.definitions:
        raise ValueError("the derivation has no definition of the function: it is not a softmax derivation")
    definition = derivation.definitions[0]
    name, body, output, variable = definition.name, definition.body, definition.index, derivation.variable
    if not (isinstance(name, Indexed) and isinstance(variable, Indexed) and len(name.indices) == len(variable.indices)):
        raise ValueError("the function and the variable must be indexed alike (S[i, j] and z[i, k])")
    position = list(name.indices).index(output)
    wrt = variable.indices[position]
    sums = [total for total in body.atoms(Sum) if len(total.limits) == 1]
    if not sums:
        raise ValueError("the definition has no sum over the inputs: it is not a softmax")
    length = sums[0].limits[0][2]
    samples = tuple(index for n, index in enumerate(name.indices) if n != position)
    return Letters(name, body, output, wrt, length, variable, samples)


def output_symbols(derivation: Derivation, size: int) -> list[Expr]:
    """S_1 .. S_N: the function's name with the output index set to 1 .. N."""
    at = letters(derivation)
    return [at.name.xreplace({at.output: Integer(n)}) for n in range(1, size + 1)]


def input_symbols(derivation: Derivation, size: int) -> list[Expr]:
    """z_1 .. z_N: the variable with the index we differentiate by set to 1 .. N."""
    at = letters(derivation)
    return [at.variable.xreplace({at.wrt: Integer(n)}) for n in range(1, size + 1)]


def outer_form(derivation: Derivation, before: str = "") -> str:
    """'diag(S) − S Sᵀ' in the notation's letter (diag(p) − p pᵀ), after ``before``."""
    S = show_text(letters(derivation).name.base)
    return f"{before}diag({S}) − {S} {S}ᵀ"


def _size(size) -> int:
    if isinstance(size, bool) or not isinstance(size, (int, Integer)):
        raise ValueError(f"the size must be a whole number, not {size!r}")
    size = int(size)
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"the size must be between 1 and {MAX_SIZE} (the matrix has N² entries), not {size}")
    return size


# --------------------------------------------------------------------------------------------
# Instantiation and its proof for small N

def instantiate(derivation: Derivation, size: int) -> Matrix:
    """The proven ``unified`` result with j, k set to 1..N and L to N: the N x N Jacobian.

    Entry (j, k) is unified with j -> j0, k -> k0; KroneckerDelta evaluates, so the entries are
    S_j0 (1 - S_j0) on the diagonal and -S_j0 S_k0 off it, in the S symbols of the notation.
    """
    size = _size(size)
    at = letters(derivation)
    unified = derivation.unified
    return Matrix(size, size, lambda a, b: unified.xreplace(
        {at.output: Integer(a + 1), at.wrt: Integer(b + 1), at.length: Integer(size)}))


def explicit_softmax(derivation: Derivation, size: int) -> list[Expr]:
    """The explicit N-input softmax: the definition's body for j = 1..N with the sums written out."""
    at = letters(derivation)
    return [write_out_sums(at.body.xreplace({at.output: Integer(n), at.length: Integer(size)}))
            for n in range(1, size + 1)]


def sympy_jacobian(derivation: Derivation, size: int) -> Matrix:
    """SymPy's ``Matrix.jacobian`` of the explicit N-input softmax (what the instantiation is checked
    against); for a second derivative (the cross-entropy's Hessian), `sympy_hessian`."""
    if is_second_order(derivation):
        return sympy_hessian(derivation, size)
    return Matrix(explicit_softmax(derivation, size)).jacobian(input_symbols(derivation, size))


def explicit_loss(derivation: Derivation, size: int, hot: int) -> Expr:
    """The derivation's function (the loss) for N inputs, the sums written out, S unfolded, and the
    labels one-hot: the label of index ``hot`` 1, the others 0."""
    at = letters(derivation)
    loss = write_out_sums(derivation.expression.xreplace({at.length: Integer(size)}))
    labels = {atom: Integer(1 if atom.indices[-1] == hot else 0) for atom in loss.atoms(Indexed)
              if atom.base not in (at.variable.base, at.name.base)}
    return loss.xreplace(labels)


def sympy_hessian(derivation: Derivation, size: int) -> Matrix:
    """SymPy's ``hessian`` of the explicit N-input loss, labels one-hot at the last index."""
    from sympy import hessian

    return hessian(explicit_loss(derivation, size, size), input_symbols(derivation, size))


def hessian_words(derivation: Derivation) -> Words:
    j, k = derivation.wrt
    return Words(title="The Hessian of the softmax cross-entropy", short="Hessian", letter="H", tool="sympy.hessian",
                 against="the explicit {n}-input loss, the labels one-hot",
                 axes="row {j}: the input differentiated by first; column {k}: the second",
                 derivative_text=f"∂²Loss/∂{show_text(j)}∂{show_text(k)}",
                 derivative_latex=rf"\frac{{\partial^2 \mathrm{{Loss}}}}{{\partial {show_latex(j)} \partial {show_latex(k)}}}")


def words_for(derivation: Derivation) -> Words:
    return hessian_words(derivation) if is_second_order(derivation) else JACOBIAN


def unfold(derivation: Derivation, matrix: Matrix) -> Matrix:
    """``matrix`` with each S_n replaced by its definition for N = the matrix's size (sums written out)."""
    size = matrix.rows
    definitions = dict(zip(output_symbols(derivation, size), explicit_softmax(derivation, size)))
    return matrix.xreplace(definitions)


def compare(derivation: Derivation, matrix: Matrix, *, symbolic: bool | None = None,
            seed: int | None = None) -> tuple[Check, ...]:
    """``matrix`` (entries in the S symbols) against sympy.Matrix.jacobian of the explicit softmax.

    Numerically always: every entry, by the checker's one comparison (its points over the whole
    real domain, drawn from ``seed``, or afresh), with 30 digits wherever doubles cannot decide.
    Symbolically when ``symbolic`` (default: N <= 4): each entry's difference, S unfolded,
    cancels to 0.
    """
    size = matrix.rows
    words = words_for(derivation)
    subject = f"the {size}×{size} matrix against {words.tool} of {words.against.format(n=size)}"
    if matrix.cols != size:
        return (Check(subject, False, "structural", f"the matrix is {matrix.rows}×{matrix.cols}, not square"),)
    truth = sympy_jacobian(derivation, size)
    ours = unfold(derivation, matrix)
    sample = {symbol: Integer(1) for symbol in letters(derivation).samples}  # the sample index i, set to 1
    checks = [_compare_numerically(subject, ours.xreplace(sample), truth.xreplace(sample), seed)]
    if symbolic if symbolic is not None else size <= SYMBOLIC_UP_TO:
        checks.append(_compare_symbolically(subject, ours, truth))
    return tuple(checks)


def _compare_numerically(subject: str, ours: Matrix, truth: Matrix, seed: int | None) -> Check:
    size = ours.rows
    plan = Plan(seed, indices=(), sizes=())
    evidences = []
    for a in range(size):
        for b in range(size):
            evidence = compare_sides(plan, truth[a, b], ours[a, b], None)
            if evidence.equal is not True:
                return as_check(f"{subject}, entry ({a + 1}, {b + 1})", evidence, None, plan, None)
            evidences.append(evidence)
    return as_check(subject, merge(evidences), None, plan, None)


def _compare_symbolically(subject: str, ours: Matrix, truth: Matrix) -> Check:
    size = ours.rows
    for a in range(size):
        for b in range(size):
            if cancel(ours[a, b] - truth[a, b]) != 0:
                return Check(subject + ", symbolically", False, "symbolic",
                             f"entry ({a + 1}, {b + 1}): the difference does not cancel to 0", False)
    return Check(subject + ", symbolically", True, "symbolic",
                 f"every entry's difference, S unfolded, cancels to 0 ({size * size} entries)", True)


def _general_check(derivation: Derivation) -> Check:
    at = letters(derivation)
    derivative = words_for(derivation).derivative_text or f"∂{show_text(at.name)}/∂{show_text(at.variable)}"
    subject = f"the general result {derivative} = {show_text(derivation.unified)}, for every {show_text(at.length)}"
    if derivation.verified:
        return Check(subject, True, "the derivation's checker",
                     f"proven step by step (all {len(derivation.verification.steps)} steps checked)")
    if derivation.verification is None:
        return Check(subject, False, "the derivation's checker", "the derivation was not verified")
    failure = derivation.verification.failures[0]
    return Check(subject, False, "the derivation's checker", f"{failure.subject} failed: {failure.detail}")


def _diag_check(derivation: Derivation, matrix: Matrix) -> Check:
    size = matrix.rows
    S = output_symbols(derivation, size)
    expected = Matrix(size, size, lambda a, b: (S[a] if a == b else 0) - S[a] * S[b])  # diag(S) − S Sᵀ
    subject = outer_form(derivation, "the instantiated matrix is ")
    for a in range(size):
        for b in range(size):
            if expand(matrix[a, b] - expected[a, b]) != 0:
                return Check(subject, False, "symbolic", f"entry ({a + 1}, {b + 1}) is {show_text(matrix[a, b])}, "
                                                         f"not {show_text(expected[a, b])}", False)
    detail = outer_form(derivation, f"all {size * size} entries expand to those of ")
    return Check(subject, True, "symbolic", detail, True)


# --------------------------------------------------------------------------------------------
# The properties, with their reasons from the unified form

def _sum_is_one(outputs: list[Expr]) -> dict:
    """S_N -> 1 - (S_1 + ... + S_{N-1}): the outputs sum to 1."""
    return {outputs[-1]: 1 - Add(*outputs[:-1])}


def properties(derivation: Derivation, sizes: Sequence[int] = (PROPERTY_SIZE,)) -> tuple[Property, ...]:
    """Symmetry, zero row and column sums, the diagonal, and the outputs summing to 1: each with
    its reason from the unified form, checked with sympy.expand on the matrix for each N in ``sizes``;
    for a Hessian also that it is positive semidefinite."""
    found = _properties(derivation, sizes)
    if is_second_order(derivation):
        found += (_semidefinite(derivation, sizes),)
    return found


def _semidefinite(derivation: Derivation, sizes: Sequence[int]) -> Property:
    """vᵀ H v = Σ_j S_j (v_j − Σ_m S_m v_m)² ≥ 0 (a variance under the distribution S), checked by
    expand with S_N = 1 − (S_1 + … + S_{N−1}) for each N in ``sizes``."""
    at = letters(derivation)
    S = show_text(at.name.base)
    v = [Symbol(f"v{n}") for n in range(1, max(sizes) + 1)]

    def holds(n: int) -> bool:
        outputs = output_symbols(derivation, n)
        matrix = instantiate(derivation, n)
        mean = Add(*[s * value for s, value in zip(outputs, v)])
        quadratic = Add(*[v[a] * matrix[a, b] * v[b] for a in range(n) for b in range(n)])
        variance = Add(*[s * (value - mean) ** 2 for s, value in zip(outputs, v)])
        return expand((quadratic - variance).xreplace(_sum_is_one(outputs))) == 0

    failed = [n for n in sizes if not holds(n)]
    how = f"expand(vᵀHv − Σ_j {S}_j (v_j − Σ_m {S}_m v_m)²) = 0 once the outputs sum to 1"
    check = (Check("the Hessian is positive semidefinite (the reason)", False, "symbolic",
                   f"{how}: does NOT hold at N = {failed[0]}", False) if failed else
             Check("the Hessian is positive semidefinite (the reason)", True, "symbolic",
                   f"{how}, at N = {', '.join(map(str, sizes))}", True))
    reason = (f"For any vector v, vᵀHv = Σ_j {S}_j v_j² − (Σ_j {S}_j v_j)² = Σ_j {S}_j (v_j − Σ_m {S}_m v_m)², "
              f"the variance of v under the probabilities {S}: never negative. So the loss is convex in z, "
              "and flat along z + c(1, …, 1), where every row sums to 0.",)
    return Property("positive semidefinite", "vᵀ H v ≥ 0", reason, check)


def _properties(derivation: Derivation, sizes: Sequence[int]) -> tuple[Property, ...]:
    at = letters(derivation)
    matrix_name, letter = words_for(derivation).short, words_for(derivation).letter
    j, k, L, unified = at.output, at.wrt, at.length, derivation.unified
    S_j, S_k = at.name, at.name.xreplace({j: k})
    sum_k = Sum(S_k, (k, 1, L))
    sum_j = Sum(S_j, (j, 1, L))
    matrices = {n: instantiate(derivation, n) for n in sizes}
    shown = ", ".join(str(n) for n in sizes)
    jn, kn = show_text(j), show_text(k)
    Sj, last = show_text(S_j), show_text(at.name.xreplace({j: L}))
    first, before_last = (show_text(at.name.xreplace({j: value})) for value in (Integer(1), L - 1))
    one = f"{last} = 1 − ({first} + … + {before_last})"

    def check(name: str, test, how: str) -> Check:
        failed = [n for n in sizes if not test(n, matrices[n])]
        if failed:
            return Check(f"{name} (the reason)", False, "symbolic", f"{how}: does NOT hold at N = {failed[0]}", False)
        return Check(f"{name} (the reason)", True, "symbolic", f"{how}, at N = {shown}", True)

    def symmetric(n, m):
        return all(expand(m[a, b] - m[b, a]) == 0 for a in range(n) for b in range(n))

    def rows_zero(n, m):
        sum_is_one = _sum_is_one(output_symbols(derivation, n))
        return all(expand(Add(*m.row(a)).xreplace(sum_is_one)) == 0 for a in range(n))

    def columns_zero(n, m):
        sum_is_one = _sum_is_one(output_symbols(derivation, n))
        return all(expand(Add(*m.col(b)).xreplace(sum_is_one)) == 0 for b in range(n))

    def diagonal(n, m):
        S = output_symbols(derivation, n)
        return all(expand(m[a, a] - S[a] * (1 - S[a])) == 0 for a in range(n))

    def sum_to_one(n, m):
        return cancel(Add(*explicit_softmax(derivation, n)) - 1) == 0

    deltas = unified.atoms(KroneckerDelta)
    delta = next(iter(deltas)) if deltas else None
    swapped = unified.xreplace({j: k, k: j})
    on_diagonal = unified.xreplace({k: j})
    row = ["Row ", j, ": ", Sum(unified, (k, 1, L)), " = ", Add(S_j, -S_j * sum_k, evaluate=False), " = ",
           S_j * (1 - sum_k), " = 0, because ", Eq(sum_k, 1, evaluate=False),
           (f" (the outputs always add up to 1). So adding up a row of the {matrix_name} gives 0: not because the "
            "outputs do not change, but because the changes cancel: when one input moves, some outputs go up "
            "and the others go down by the same total.")]
    column = ["Column ", k, ": ", Sum(unified, (j, 1, L)), " = ", Add(S_k, -S_k * sum_j, evaluate=False), " = ",
              S_k * (1 - sum_j), " = 0, because ", Eq(sum_j, 1, evaluate=False),
              (f". Adding up the whole {matrix_name} therefore gives 0 as well; that is the outputs summing to 1, "
               "not a derivative that vanishes.")]
    symmetry = ["Swapping ", j, " and ", k, " in ", expand(unified), " gives ", expand(swapped), ", the same: ",
                *([delta, " is 1 only when ", Eq(j, k), ", and then ", Eq(S_j, S_k, evaluate=False), "; "]
                  if delta is not None else []),
                S_j * S_k, " does not change either. So ∂", S_j, "/∂", at.variable,
                " = ∂", S_k, "/∂", at.variable.xreplace({k: j}), f": the {matrix_name} equals its transpose."]
    diagonal_reason = ["On the diagonal (", Eq(k, j, evaluate=False), ") the Kronecker delta is 1, so the entry is ",
                       on_diagonal, ", between 0 and 1/4."]
    body = at.body
    numerator, denominator = body.as_numer_denom()
    outputs = [sum_j, " = ", Sum(body, (j, 1, L)), " = ",
               Mul(Sum(numerator, (j, 1, L)), 1 / denominator, evaluate=False),
               " = 1: the numerator and the denominator are the same sum."]
    return (
        Property("outputs sum to 1", f"Σ_{jn} {Sj} = 1", tuple(outputs),
                 check("the outputs sum to 1", sum_to_one, "the explicit outputs add up to 1 (cancel)")),
        Property("symmetric", f"{letter} = {letter}ᵀ", tuple(symmetry),
                 check(f"the {matrix_name} is symmetric", symmetric,
                       f"expand({letter}[{jn},{kn}] − {letter}[{kn},{jn}]) = 0 for every {jn}, {kn}")),
        Property("row sums are 0", f"Σ_{kn} {letter}_{jn}{kn} = 0", tuple(row),
                 check("each row sums to 0", rows_zero,
                       f"each row's sum expands to 0 once {one} is put in")),
        Property("column sums are 0", f"Σ_{jn} {letter}_{jn}{kn} = 0", tuple(column),
                 check("each column sums to 0", columns_zero,
                       f"each column's sum expands to 0 once {one} is put in")),
        Property("diagonal", f"{letter}_{jn}{jn} = {show_text(on_diagonal)}", tuple(diagonal_reason),
                 check(f"the diagonal is {Sj}(1 − {Sj})", diagonal,
                       f"expand({letter}[{jn},{jn}] − {Sj}(1 − {Sj})) = 0 for every {jn}")),
    )


# --------------------------------------------------------------------------------------------
# The record

def jacobian(derivation: Derivation, size: int, *, prove_up_to: int = PROVE_UP_TO) -> Jacobian:
    """The proven N x N Jacobian, with its checks.

    Always: the general derivation's verdict, and that the instantiated matrix is diag(S) - S S^T.
    For N <= ``prove_up_to``: the comparison with sympy.Matrix.jacobian (numeric; symbolic too for
    N <= 4). The properties' reasons are checked symbolically at N = 3 (and at N when it is
    compared). Never raises for a failed check: a failure is a failed `Check`.
    """
    size = _size(size)
    matrix = ImmutableMatrix(instantiate(derivation, size))
    compared = size <= prove_up_to
    checks = [_general_check(derivation), guarded(outer_form(derivation, "the instantiated matrix is "), _diag_check,
                                                  derivation, matrix, method="symbolic")]
    if compared:
        compared_checks = guarded(f"the matrix against {words_for(derivation).tool}", compare, derivation, matrix)
        checks.extend(compared_checks if isinstance(compared_checks, tuple) else [compared_checks])
    sizes = sorted({PROPERTY_SIZE} | ({size} if compared else set()))
    found = properties(derivation, sizes)
    checks.extend(prop.check for prop in found)
    return Jacobian(derivation, size, matrix, tuple(checks), found, compared, prove_up_to, words_for(derivation))


# --------------------------------------------------------------------------------------------
# At a point

def parse_values(values) -> tuple[tuple, tuple[str, ...]]:
    """The point as mpmath numbers and as given: a sequence of numbers or a text '1.0,2.0,0.5'."""
    if isinstance(values, str):
        values = [part.strip() for part in values.split(",")]
    given, numbers = [], []
    for value in values:
        text = value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
        try:
            with mpmath.workdps(DIGITS + 10):  # '0.1' read to 40 digits, not to a double
                number = mpmath.mpf(text.strip())
        except (ValueError, TypeError):
            raise ValueError(f"'{text}' is not a number") from None
        if not mpmath.isfinite(number):
            raise ValueError(f"'{text}' is not a finite number")
        if abs(number) > mpmath.mpf(10) ** 15:
            raise ValueError(f"'{text}' is too large (at most 1e15 in size)")
        given.append(text.strip())
        numbers.append(number)
    if not numbers:
        raise ValueError("no values given")
    return tuple(numbers), tuple(given)


def softmax_values(point: Sequence) -> tuple:
    """S at ``point`` with the max-subtraction trick: e^(z_j - max z) / Σ e^(z_l - max z), which is the
    same value and never overflows."""
    with mpmath.workdps(DIGITS + 10):
        top = max(point)
        weights = [mpmath.exp(z - top) for z in point]
        total = mpmath.fsum(weights)
        return tuple(weight / total for weight in weights)


class _Fixed(Point):
    """A point with every value given: asking for another is an error, never a random draw."""

    def value(self, key):
        if key not in self.values:
            raise NotNumeric(f"no value for {key}")
        return self.values[key]


def at(jacobian: Jacobian, values) -> JacobianAt:
    """The Jacobian at z = ``values`` (N numbers, or the text '1.0,2.0,0.5').

    S is computed with the max-subtraction trick at 30 digits; the entries are the instantiated
    expressions evaluated at those S; then the properties are checked numerically: the outputs sum
    to 1, the matrix is symmetric, every row and every column sums to 0, and the diagonal is
    S_j (1 - S_j), each within 1e-25. Raises ValueError for values that are not N finite numbers.
    """
    point, given = parse_values(values)
    n = jacobian.size
    if len(point) != n:
        raise ValueError(f"{len(point)} values given for a {n}×{n} {jacobian.words.short}: give {n}")
    derivation = jacobian.derivation
    outputs = softmax_values(point)
    info = letters(derivation)
    bound = {sample: 1 for sample in info.samples}
    fixed = {}
    for symbol, value in zip(output_symbols(derivation, n), outputs):
        indices = tuple(int(index.xreplace({s: Integer(v) for s, v in bound.items()})) for index in symbol.indices)
        fixed[(symbol.base, indices)] = value
    with mpmath.workdps(DIGITS + 10):
        where = _Fixed(random.Random(0), fixed)
        numeric = tuple(tuple(evaluate(jacobian.matrix[a, b], where, bound, where.memo) for b in range(n))
                        for a in range(n))
        checks = _checks_at(info, outputs, numeric, jacobian.words)
    return JacobianAt(jacobian, point, outputs, numeric, checks, given)


def _largest(values) -> mpmath.mpf:
    return max((abs(value) for value in values), default=mpmath.mpf(0))


def _checks_at(info: Letters, outputs: tuple, numeric: tuple, words: Words = JACOBIAN) -> tuple[Check, ...]:
    n = len(outputs)
    S, j, k = show_text(info.name), show_text(info.output), show_text(info.wrt)

    def verdict(subject: str, residual, what: str) -> Check:
        passed = residual < TOLERANCE
        return Check(subject, bool(passed), "numeric",
                     f"{what} = {mpmath.nstr(residual, 3)} (must be below 1e-25; {DIGITS}-digit arithmetic)")

    total = mpmath.fsum(outputs)
    symmetric = _largest(numeric[a][b] - numeric[b][a] for a in range(n) for b in range(n))
    rows = _largest(mpmath.fsum(numeric[a]) for a in range(n))
    columns = _largest(mpmath.fsum(numeric[a][b] for a in range(n)) for b in range(n))
    diagonal = _largest(numeric[a][a] - outputs[a] * (1 - outputs[a]) for a in range(n))
    return (
        verdict("the outputs sum to 1", abs(total - 1), f"|Σ {S} − 1|"),
        verdict(f"the {words.short} is symmetric", symmetric, f"largest |{words.letter}_{j}{k} − {words.letter}_{k}{j}|"),
        verdict("each row sums to 0", rows, "largest |row sum|"),
        verdict("each column sums to 0", columns, "largest |column sum|"),
        verdict(f"the diagonal is {S}(1 − {S})", diagonal, f"largest |{words.letter}_{j}{j} − {S}(1 − {S})|"),
    ) + ((_semidefinite_at(numeric),) if words.short == "Hessian" else ())


def _semidefinite_at(numeric: tuple) -> Check:
    """The smallest eigenvalue of the symmetric matrix at the point, at 30 digits, is not below −1e-25."""
    with mpmath.workdps(DIGITS + 10):
        values = mpmath.eigsy(mpmath.matrix([list(row) for row in numeric]), eigvals_only=True)
        smallest = min(values[n] for n in range(len(numeric)))
    return Check("the Hessian is positive semidefinite", bool(smallest > -TOLERANCE), "numeric",
                 f"smallest eigenvalue = {mpmath.nstr(smallest, 3)} (must not be below −1e-25; {DIGITS}-digit "
                 "arithmetic)")


__all__ = ["DIGITS", "JACOBIAN", "MAX_SIZE", "PROVE_UP_TO", "Jacobian", "JacobianAt", "Property", "Words", "at",
           "compare", "explicit_loss", "explicit_softmax", "instantiate", "jacobian", "letters", "outer_form",
           "parse_values", "properties", "softmax_values", "sympy_hessian", "sympy_jacobian", "unfold", "words_for"]
