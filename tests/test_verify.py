"""The independent checker: it passes a correct derivation and catches corrupted ones."""

from dataclasses import replace

import importlib

import pytest
from sympy import S as Singletons
from sympy import (Derivative, Dummy, Eq, I, IndexedBase, KroneckerDelta, Ne, Piecewise, Sum, Symbol, cos, erf, exp,
                   sin, sinh)

import derive
import derive.rules.limits
from derive.functions.notation import softmax_in
from derive.checker.checks import DOMAIN, check_against_sympy, check_equal, numeric_equal, verify
from slow import endless, slow_over_constants

i, j, k, l = (Symbol(name, integer=True) for name in "ijkl")
L = Symbol("L", integer=True, positive=True)
z, S = IndexedBase("z"), IndexedBase("S")
x = Symbol("x")
DENOMINATOR = Sum(exp(z[i, l]), (l, 1, L))
DEFINITIONS = (softmax_in().definition,)
One, Zero = Singletons.One, Singletons.Zero


@pytest.fixture(scope="module")
def unchecked():
    return derive.softmax(check=False)


CHAIN = "the steps follow on from each other"


def failing_subjects(derivation):
    """The failed checks' subjects, apart from the chain check (a corrupted after also breaks it)."""
    return [check.subject for check in derivation.verification.failures if check.subject != CHAIN]


def test_a_correct_derivation_passes(unchecked):
    checked = verify(unchecked)
    assert unchecked.verification is None and not unchecked.verified
    assert checked.verified and checked.verification.passed
    assert len(checked.verification.steps) == len(unchecked.all_steps())
    subjects = [check.subject for check in checked.verification.steps]
    assert subjects[0] == "step 1 (quotient rule)" and subjects[-1] == "step 19 (merge the cases)"
    domain, start, chain, cases, closed_equal, closed_different, against = checked.verification.result
    assert chain.subject == CHAIN and chain.passed
    assert domain.subject == DOMAIN and domain.passed and start.passed and start.method == "structural"
    assert cases.subject == "the cases cover the domain" and cases.points > 1000
    assert all(check.seed == checked.verification.seed for check in checked.verification.steps)
    assert closed_equal.subject.startswith("closed form") and closed_different.subject.startswith("closed form")
    assert against.subject == "result against sympy.diff"


def test_a_flipped_sign_in_a_shared_step_is_caught(unchecked):
    steps = list(unchecked.steps)
    steps[2] = replace(steps[2], after=-steps[2].after)  # step 3, the exponential rule
    corrupted = verify(replace(unchecked, steps=tuple(steps)))
    assert corrupted.verification.passed is False
    assert not corrupted.verified
    assert failing_subjects(corrupted) == ["step 3 (exponential rule)"]
    failure, chain = corrupted.verification.failures
    assert chain.subject == CHAIN and "step 4 (indexed variable rule) does not start" in chain.detail
    assert failure.detail.startswith("differ at")


def test_a_dropped_square_in_a_case_step_is_caught(unchecked):
    """In the j != k case, the case split's after loses the square of its denominator."""
    equal, different = unchecked.cases
    first = different.steps[0]
    assert first.rule.name == "case split"
    wrong = -exp(z[i, j]) * exp(z[i, k]) / DENOMINATOR
    assert first.after == wrong / DENOMINATOR  # the correct one, for the record
    bad_case = replace(different, steps=(replace(first, after=wrong),) + different.steps[1:])
    corrupted = verify(replace(unchecked, cases=(equal, bad_case)))
    assert corrupted.verification.passed is False
    number = len(unchecked.steps) + len(equal.steps) + 1
    assert failing_subjects(corrupted) == [f"step {number} (case split)"]
    assert number == 15


def test_a_wrong_merge_fails_against_sympy(unchecked):
    wrong = S[i, j] * (KroneckerDelta(j, k) + S[i, k])
    corrupted = verify(replace(unchecked, merge=replace(unchecked.merge, after=wrong)))
    assert corrupted.unified == wrong
    assert corrupted.verification.passed is False
    against = next(check for check in corrupted.verification.result if check.subject == "result against sympy.diff")
    assert against.passed is False
    assert against.detail.startswith("differ at") and dict(against.counterexample)["L"] in ("2", "3", "5")
    assert "step 19 (merge the cases)" in failing_subjects(corrupted)
    closed_forms = [check for check in corrupted.verification.result if check.subject.startswith("closed form")]
    assert all(check.passed for check in closed_forms)  # the per-case results are still right


def test_check_against_sympy_alone(unchecked):
    assert check_against_sympy(unchecked).passed
    wrong = replace(unchecked, merge=replace(unchecked.merge, after=S[i, j] * (KroneckerDelta(j, k) + S[i, k])))
    assert not check_against_sympy(wrong).passed


def test_a_wrong_case_result_fails_its_closed_form(unchecked):
    equal, different = unchecked.cases
    last = different.steps[-1]
    bad_case = replace(different, steps=different.steps[:-1] + (replace(last, after=S[i, j] * S[i, k]),),
                       result=S[i, j] * S[i, k])
    corrupted = verify(replace(unchecked, cases=(equal, bad_case)))
    closed_equal, closed_different = [c for c in corrupted.verification.result if c.subject.startswith("closed form")]
    assert closed_equal.passed is True
    assert closed_different.passed is False
    assert closed_different.subject in failing_subjects(corrupted)


def test_a_broken_chain_is_caught(unchecked):
    """Each step right on its own, but step 4 starts from an expression step 3 did not end with.

    Step 4's before and after are both replaced by the same unrelated expression, so no single
    step is wrong; a derivation whose steps do not follow on from each other proves nothing.
    """
    steps = list(unchecked.steps)
    unrelated = exp(z[i, j]) / DENOMINATOR
    steps[3] = replace(steps[3], before=unrelated, after=unrelated)
    corrupted = verify(replace(unchecked, steps=tuple(steps)))
    assert corrupted.verification.passed is False


def test_verify_reports_rather_than_crashes_when_the_result_names_a_summation_index():
    """A result in which the summation index l is free (bound only inside the expression) is
    wrong; the checker must say so, not raise from inside sympy."""
    derivation = derive.differentiate(Sum(exp(z[l]) + z[l], (l, 1, L)), z[k], check=False)
    assert verify(derivation).verification.passed is True
    broken = replace(derivation, result=derivation.result + KroneckerDelta(k, l))
    checked = verify(broken)
    assert checked.verification.passed is False
    assert any("sympy.diff" in check.subject and not check.passed for check in checked.verification.result)


# --- check_equal and numeric_equal -----------------------------------------------------

def test_numeric_equal_honours_the_case():
    delta = KroneckerDelta(j, k)
    assert numeric_equal(delta, One, Eq(j, k))[0] is True
    assert numeric_equal(delta, One, Ne(j, k))[0] is False
    assert numeric_equal(delta, One)[0] is False
    assert numeric_equal(delta, Zero, Ne(j, k))[0] is True
    assert numeric_equal(delta, Zero, Eq(j, k))[0] is False


def test_numeric_equal_on_a_shared_step_tries_both_j_equal_k_and_j_not_k():
    """With no case in force, both kinds of assignment are drawn: neither 1 nor 0 passes for delta."""
    for seed in range(5):
        assert numeric_equal(KroneckerDelta(j, k) * x, x, seed=seed)[0] is False
        assert numeric_equal(KroneckerDelta(j, k) * x, Zero, seed=seed)[0] is False


def test_numeric_equal_tests_several_lengths():
    count = Sum(1, (l, 1, L))
    assert numeric_equal(count, L)[0] is True
    wrong_at_five = L + (L - 2) * (L - 3)  # equal to L at L = 2 and 3 only
    passed, detail = numeric_equal(count, wrong_at_five)
    assert passed is False
    assert "L=5" in detail
    assert numeric_equal(count, wrong_at_five, lengths=(2, 3))[0] is True


def test_numeric_equal_says_which_lengths_it_tried():
    passed, detail = numeric_equal(Sum(1, (l, 1, L)), L)
    assert passed and "L = 2, 3, 5" in detail
    off_at_four = L + (L - 2) * (L - 3) * (L - 5)
    passed, detail = numeric_equal(Sum(1, (l, 1, L)), off_at_four, lengths=(4,))
    assert passed is False and "L=4" in detail


def test_numeric_equal_on_plain_expressions():
    assert numeric_equal(exp(x) * exp(x), exp(2 * x))[0] is True
    passed, detail = numeric_equal(exp(x), exp(x) + 1e-20 * x**2)
    assert passed is False and detail.startswith("differ")


def test_check_equal_unfolds_definitions():
    body = exp(z[i, k]) / DENOMINATOR
    assert check_equal("fold", body, S[i, k], None, DEFINITIONS).passed
    assert not check_equal("fold", body, S[i, j], None, DEFINITIONS).passed
    assert not check_equal("fold", body, S[i, k], None, ()).passed  # S is then an unrelated input


def test_check_equal_works_derivatives_out_with_sympy():
    good = check_equal("step", Derivative(exp(x) * x, x), exp(x) * x + exp(x), None, ())
    assert good.passed and good.symbolic is True and good.method == "numeric and symbolic"
    assert not check_equal("step", Derivative(exp(x), x), 2 * exp(x), None, ()).passed
    subject = check_equal("step 7 (cancel)", x, x, None, ()).subject
    assert subject == "step 7 (cancel)"


def test_check_equal_under_a_case():
    before = Piecewise((x, Eq(j, k)), (0, Ne(j, k)), evaluate=False)
    assert check_equal("case", KroneckerDelta(j, k) * x, x, Eq(j, k), ()).passed
    assert not check_equal("case", KroneckerDelta(j, k) * x, x, Ne(j, k), ()).passed
    assert check_equal("case", KroneckerDelta(j, k) * x, before, None, ()).passed


def test_a_check_that_runs_out_of_time_fails_naming_itself(unchecked, monkeypatch):
    import time

    checker = importlib.import_module("derive.checker.checks")  # derive.checker.checks is also the name of a function

    def slow(*args, **options):
        time.sleep(5)

    monkeypatch.setattr(checker, "CHECK_SECONDS", 0.05)
    monkeypatch.setattr(checker, "check_step", slow)
    started = time.monotonic()
    checked = checker.verify(unchecked, against_sympy=False)
    assert time.monotonic() - started < 5 * len(unchecked.all_steps())  # no step waited its 5 s out
    assert not checked.verified
    first = checked.verification.steps[0]
    assert not first.passed
    assert first.detail == "not checked: step 1 (quotient rule) did not finish within 0.05 s"


def test_a_summation_index_is_never_held_fixed_against_sympy():
    """d/dx of sum_l e^{z_l} (constant in x): l is bound by the sum, not an index to hold at 1."""
    total = Sum(exp(IndexedBase("z")[l]), (l, 1, L))
    derivation = derive.differentiate(total, x)
    assert derivation.verified, derivation.verification.failures


def test_points_are_drawn_where_every_part_of_the_function_is_real():
    """|x^x|^9: x^x is complex for x < 0, where sign(g) g' is no derivative of |g|; the checker
    draws its points where the function and each of its parts are real (x > 0 here)."""
    derivation = derive.differentiate(2 * x + abs(x**x)**9, x)
    assert derivation.verified, derivation.verification.failures


@pytest.mark.parametrize("text", [
    "2**(2**sqrt(x - 1) + x + 1/Abs(x**3))",  # real only for x >= 1: the draws range wider once they miss
    "asin(x**2/3 - 2) + acosh(x)",  # real only for sqrt(3) <= x <= 3
    "Min(cosh(y), acosh(Min(x**(-6), exp(x)**(-1/3)))**(-1/3))",  # a case region about -1 < x < -0.94
    "Min(y - 512, sin(Min(3, x))**2)",  # a case region y > 512 + sin^2: far from the origin
    "cosh(log(-asin(y**(3/2) - 5))/log(Min(x, y**2)))",  # y in [2.5, 3.3] and x > y^2: inputs at two scales
    "d/dy Min(1, acosh(Max(x - (y + 1)**(3/2), acos(Min(x, z)))))",  # three narrow windows at once: climbed to
    "d/dy asin(asin(((1/z)**(x**y))**z)**(-3))",  # points real for the function, and many a step undefined at
])
def test_a_narrow_domain_or_region_is_searched_until_points_are_found(text):
    from derive.readers.text import parse
    variable, text = (Symbol(text[3]), text[5:]) if text.startswith("d/d") else (x, text)
    derivation = derive.differentiate(parse(text), variable)
    assert derivation.verified, [(c.subject, c.detail) for c in derivation.verification.failures]


def test_the_search_for_points_in_a_region_is_made_once_for_every_step_under_it():
    from derive.checker.checks import Sampler
    sampler = Sampler(domain=x)
    first = list(sampler.usable({}, x > 3, 100))
    assert first and all(point.values[x] > 3 for point in first)
    assert list(sampler.usable({}, x > 3, 100)) == first  # the same points, not drawn again
    assert len(sampler.found) == 1


def test_a_point_where_a_zero_is_lost_in_rounding_is_not_used():
    """sin^2 x + cos^2 x - 1 is 0 exactly, but evaluates to about 1e-42: the log of its square is
    no number to compare at, so no point is used and nothing is proven. The same zero added to
    1 under the log harms nothing."""
    import random

    import mpmath
    from sympy import cos, log, sin

    from derive.checker.digits import Point
    from derive.checker import Plan
    from derive.checker.digits import real_throughout_at
    zero = sin(x)**2 + cos(x)**2 - 1
    with mpmath.workdps(40):
        point = Point(random.Random(1))
        assert not real_throughout_at(log(zero**2), point, {})
        assert real_throughout_at(log(zero**2 + 1) + x * zero, point, {})
    agrees, detail = numeric_equal(x, log(zero**2) * 0 + x, plan=Plan(None, log(zero**2)))
    assert agrees is None, detail


def test_sympy_refusing_a_derivative_is_no_crash_and_no_proof():
    """Heaviside(atanh(pi) - x) steps at a complex number: SymPy will not differentiate it over
    the reals. The checker says no point could be evaluated; nothing is proven."""
    from sympy import Heaviside, atanh, pi
    derivation = derive.differentiate(Heaviside(atanh(pi) - x), x)
    assert not derivation.verified
    assert all("no point could be evaluated" in check.detail or check.subject == DOMAIN
               for check in derivation.verification.failures)


def test_why_no_point_could_be_evaluated_is_counted():
    agrees, detail = numeric_equal(x, x, x**2 < -1)
    assert agrees is None
    assert "outside the region" in detail and "no point could be evaluated" in detail



def test_a_function_too_large_to_evaluate_anywhere_is_said_to_overflow_not_to_be_unreal():
    """e^(e^(...e^x)) eight deep is real everywhere but past any number the evaluator will hold:
    the points are counted as overflowing, the steps proven symbolically, and the terminal's
    summary says how many steps were checked numerically (none) rather than all of them."""
    from derive.printers.text import render
    nested = x
    for _ in range(8):
        nested = exp(nested)
    derivation = derive.differentiate(nested, x)
    assert derivation.verified
    assert all(check.method == "symbolic" for check in derivation.verification.steps)
    detail = next(c.detail for c in derivation.verification.result if c.subject == "result against sympy.diff")
    assert "undefined or overflowing" in detail and "not real" not in detail
    summary = render(derivation, width=400)
    steps = len(derivation.verification.steps)
    assert f"{steps} of {steps} steps rest on symbolic proof alone" in summary
    assert "symbolic proof alone" not in render(derive.differentiate(exp(exp(x)), x), width=400)


def test_measuring_the_sides_is_within_the_symbolic_comparisons_bound(monkeypatch):
    """Measuring the sides' size can take long too: it runs inside the symbolic comparison's
    bound, not before it."""
    checker = importlib.import_module("derive.checker.checks")
    monkeypatch.setattr(checker, "nodes", endless)
    monkeypatch.setattr(checker, "SYMBOLIC_SECONDS", 0.2)
    with derive.rules.limits.time_limit(10, "the test"):  # outside the bound, it would never end
        assert checker.symbolic_equal(x * (x + 1), x**2 + x) is None


def test_sympy_failing_inside_the_symbolic_check_leaves_the_numeric_one_to_decide(monkeypatch):
    """expand can raise deep inside SymPy (a ZeroDivisionError, depending on the hash order): the
    symbolic check is then simply not had, and the step is decided numerically."""
    checker = importlib.import_module("derive.checker.checks")  # the module (derive.checker.checks is also a function)

    def broken(expr):
        raise ZeroDivisionError
    monkeypatch.setattr(checker, "expand", broken)
    assert checker.symbolic_equal(x + 1, 1 + x) is True  # equal as written: expand is not needed
    assert checker.symbolic_equal(x * (x + 1), x**2 + x) is None
    check = checker.check_equal("a step", x * (x + 1), x**2 + x, None, ())
    assert check.passed and check.method == "numeric"


def test_a_step_of_a_value_held_as_complex_with_no_imaginary_part_is_evaluated():
    """acosh(y) is computed as a complex number even where it is real (y >= 1); its step is 0 or
    1 there, not a TypeError from ordering a complex number, and the product below is verified."""
    import random

    import mpmath
    from sympy import Heaviside, Max, acos, acosh

    from derive.checker.digits import Point, evaluate
    y, z = Symbol("y"), Symbol("z")
    with mpmath.workdps(40):
        point = Point(random.Random(1))
        point.values[y] = mpmath.mpf(2)
        assert evaluate(Heaviside(acosh(y)), point, {}) == 1
    derivation = derive.differentiate(Heaviside(acos(x)**(-2))**9 * Max(1 / (9 * z**2), Heaviside(acosh(y)))**9, x)
    assert derivation.verified, [(c.subject, c.detail) for c in derivation.verification.failures]


@pytest.mark.parametrize("build", [sin, cos, lambda u: exp(I * u), lambda u: sinh(I * u), lambda u: (-2)**u,
                                   lambda u: erf(u + I * u)], ids=["sin", "cos", "exp(iu)", "sinh(iu)", "(-2)^u", "erf"])
def test_a_periodic_function_of_an_argument_too_large_to_resolve_its_period_has_no_value(build):
    """sin(10^(10^6)): its period cannot be resolved at 40 digits, and reducing it modulo pi would
    work out a million digits of pi (a derivation sat in it for minutes). Such a point is not
    used; another is drawn. So too for e^(iu), sinh(iu), (-2)^u and erf off the real line."""
    import random

    import mpmath

    from derive.checker.digits import NotNumeric, Point, evaluate
    with mpmath.workdps(40):
        point = Point(random.Random(1))
        point.values[x] = mpmath.mpf(10) ** (10**6)
        with pytest.raises(NotNumeric, match="too large"):
            evaluate(build(x), point, {})
        point = Point(random.Random(1))
        point.values[x] = mpmath.mpf(3)
        assert mpmath.isfinite(evaluate(build(x), point, {}))


def test_a_symbolic_check_that_is_not_cheap_after_all_leaves_the_numeric_one_to_decide(monkeypatch):
    """expand can work for minutes on a small expression ((x - pi)^18 times a cube, by the
    multinomial theorem): past SYMBOLIC_SECONDS it is given up, and the step is decided
    numerically within its own bound, not failed as 'not checked'."""
    import time
    checker = importlib.import_module("derive.checker.checks")
    monkeypatch.setattr(checker, "expand", endless)
    monkeypatch.setattr(checker, "SYMBOLIC_SECONDS", 0.2)
    started = time.monotonic()
    assert checker.symbolic_equal(x * (x + 1), x**2 + x) is None
    check = checker.check_equal("a step", x * (x + 1), x**2 + x, None, ())
    assert check.passed and check.method == "numeric"
    assert time.monotonic() - started < 5


def test_a_sympy_derivative_that_runs_past_its_bound_is_worked_again_with_the_constants_held(monkeypatch):
    """SymPy can take minutes over a constant (a Heaviside asking whether a sum holding
    log(acos(pi)) is real): past DIFF_SECONDS, the derivative is worked out with each constant
    part held as a symbol, and the constants are put back."""
    from sympy import log, sqrt
    quirks = importlib.import_module("derive.sympy_quirks")
    monkeypatch.setattr(quirks, "plain_real_derivative", slow_over_constants(quirks.plain_real_derivative))
    monkeypatch.setattr(quirks, "DIFF_SECONDS", 0.2)
    function = x * log(3) + sin(sqrt(2) * x)
    quirks.real_derivative.cache_clear()  # the bound is tested, not the memory of earlier answers
    with derive.rules.limits.time_limit(10, "the test"):  # without the second try, it would never end
        derivative = quirks.real_derivative(function, (x, 1))
    assert not derivative.atoms(Dummy)  # the constants are back
    assert derivative.has(log(3)) and derivative.has(sqrt(2))
    assert numeric_equal(derivative, log(3) + sqrt(2) * cos(sqrt(2) * x))[0] is True
    quirks.real_derivative.cache_clear()
    with pytest.raises(derive.rules.limits.TimeLimit):  # an outer bound is not this one's to handle
        with derive.rules.limits.time_limit(0.1, "the caller's"):
            quirks.real_derivative(function, (x, 1))


def test_the_preparer_gives_back_a_node_with_nothing_to_do_as_it_is():
    """A sub-expression met twice with nothing to do is not swapped for the equal one met first:
    that would rebuild (and evaluate) its parents, which the constants held above must escape."""
    from sympy import Add, Heaviside, Mul
    checker = importlib.import_module("derive.checker.checks")
    first = Add(x, 2)
    second = Add._from_args(first.args)  # equal, but another object
    assert second == first and second is not first
    heaviside = Heaviside(Add(second, -1, evaluate=False), evaluate=False)
    expr = Mul(first, heaviside, Derivative(x**2, x), evaluate=False)
    prepared = checker.Preparer()(expr)
    assert any(arg is heaviside for arg in prepared.args)
    assert prepared.has(2 * x) and not prepared.has(Derivative)
