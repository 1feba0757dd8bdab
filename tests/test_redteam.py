"""Derivations that try to fool `derive check`: false ones it must not prove, true ones it must prove.

Each tests/check_files/redteam_* file holds one, with a comment saying what is wrong (or why it is
true) and why it matters. Every one is run at several seeds: a verdict that depends on the seed is
a defect too (PROVEN must hold at every seed).

The cases marked xfail are defects of the checker found here: the test states the CORRECT verdict
and fails today (strict, so a fix shows up as an unexpected pass and the mark must go). The others
already behave correctly and are kept so a fix does not undo them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from derive import cli

FILES = Path(__file__).resolve().parent / "check_files"
SEEDS = (1, 2, 3, 4, 5)


def defect(name: str, reason: str, right: tuple[int, ...] | None = None):
    """A defect found here: the test states the right exit codes and is expected to fail until it is fixed."""
    return pytest.param(name, right, marks=pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason),
                        id=name)


def fixed(name: str, reason: str, right: tuple[int, ...] | None = None):
    """A defect found here and since fixed (``reason`` says what it was): the test holds the right verdict."""
    return pytest.param(name, right, id=name)


def check(name: str, seed: int, capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as raised:
        cli.main(["check", str(FILES / name), "--seed", str(seed)])
    captured = capsys.readouterr()
    return raised.value.code, captured.out + captured.err


# False derivations that `derive check` says are PROVEN (exit 0) at some or every seed of SEEDS.
FALSE_PROVEN = (
    defect("redteam_blind_by_cancellation.txt", "points a zero-by-cancellation term times exp(x^2) makes undecided are "
                                                "dropped: a slip of 1 on |x| > 10 passes (every seed)"),
    defect("redteam_parts_not_real.txt", "the function's domain is cut to where each of its parts is real: "
                                         "d/dx (sqrt(x) sqrt(1/x) x) = 1 passes though it is |x| (every seed)"),
    fixed("redteam_underflow_hides_slip.txt", "points where a side underflows are dropped: a slip of 1 on x > 10 is "
                                               "never compared (every seed)"),
    defect("redteam_overflow_hides_slip.txt", "points where e^(e^x) overflows are compared at 30 digits at a few "
                                              "sizes only, and beyond x = 13.8 not even 30 digits can evaluate it: "
                                              "the derivative doubled on x > 10 passes at some seeds"),
    fixed("redteam_power_overflow.txt", "x^1000 overflows for |x| > 2: a slip on |x| > 3 is never compared "
                                         "(every seed)"),
    defect("redteam_length_4.txt", "only L = 2, 3, 5 are taken: a slip at L = 4 passes (every seed)"),
    defect("redteam_length_7.txt", "no length above 5 is taken: a slip at every L >= 7 passes (every seed)"),
    defect("redteam_sum_from_6.txt", "a sum from 6 to L is empty at every length taken (every seed)"),
    defect("redteam_unequal_lengths_equal_indices.txt", "unequal lengths are taken only with all indices distinct: "
                                                        "a slip where j = k and L != d passes (every seed)"),
    defect("redteam_index_value_4.txt", "a slip only at k = 4 passes at some seeds (the index values drawn)"),
    fixed("redteam_index_value_last.txt", "a slip only at k = L passes at some seeds (the index values drawn)"),
    fixed("redteam_sum_from_2.txt", "a Kronecker sum from 2 (wrong at k = 1) passes at some seeds"),
    fixed("redteam_far_right.txt", "no point beyond 1e3: a slip of 1 on x > 1500 passes (every seed)"),
    fixed("redteam_tiny_interval.txt", "no point below 1e-3: a slip of 1 on (1e-6, 1e-5) passes (every seed)"),
    fixed("redteam_near_zero.txt", "a slip of 1 on (-1e-8, 1e-8) passes (every seed)"),
    defect("redteam_below_30_digits.txt", "a relative slip of 1e-35 everywhere passes: 30 digits cannot see it "
                                          "and the symbolic comparison does not overrule (every seed)"),
    defect("redteam_pi_64_digits.txt", "pi truncated to 64 digits is proven equal to pi (every seed)"),
    defect("redteam_relative_1e14_region.txt", "a relative slip of 1e-14 on x > 50 passes at 4 seeds in 5"),
    defect("redteam_corner_box_3d.txt", "a slip of 1 on the box [95, 100]^3 passes at about 6 seeds in 10"),
    fixed("redteam_kink_moved.txt", "the kink of max(x, 3) moved to 3.001 passes (every seed)"),
    fixed("redteam_piecewise_tiny_gap.txt", "a last line with no value on [0, 1e-6] passes (every seed)"),
    fixed("redteam_piecewise_far_gap.txt", "a last line with no value on x >= 2000 passes (every seed)"),
    fixed("redteam_index_last_at_5.txt", "a slip only at k = L = 5 passes at about 9 seeds in 10"),
    defect("redteam_six_distinct_indices.txt", "six indices all different need L >= 6: the generic pattern is never "
                                               "checked (every seed)"),
    fixed("redteam_zero_power_pole.txt", "0**x has no value for x < 0 (inf in doubles, taken for an overflow and "
                                          "left out): proven (every seed)"),
    pytest.param("redteam_decimal_rounded.txt", (1, 2), id="redteam_decimal_rounded.txt"),
    pytest.param("redteam_dummy_capture.txt", (1, 2), id="redteam_dummy_capture.txt"),
    pytest.param("redteam_cbrt_negative.txt", (1, 2), id="redteam_cbrt_negative.txt"),
    pytest.param("redteam_latex_operator_first_factor.tex", (1, 2), id="redteam_latex_operator_first_factor.tex"),
    pytest.param("redteam_latex_sin_2x.tex", (1, 2), id="redteam_latex_sin_2x.tex"),
)

# True derivations that `derive check` refuses (exit 1).
TRUE_REFUSED = (
    fixed("redteam_tiny_domain_true.txt", "a function real on (0, 1e-6) is called real nowhere and its correct "
                                           "derivative refused (every seed)"),
    fixed("redteam_small_domain_true.txt", "a function real on (0, 1e-3): its correct derivative is refused at "
                                            "about 7 seeds in 10"),
    pytest.param("redteam_dummy_capture_true.txt", (0, 2), id="redteam_dummy_capture_true.txt"),
    pytest.param("redteam_latex_operator_3x.tex", (0, 2), id="redteam_latex_operator_3x.tex"),
    pytest.param("redteam_latex_sin_2x_true.tex", (0, 2), id="redteam_latex_sin_2x_true.tex"),
)

# Bad input that must be refused in one line with exit 2, never an internal error.
BAD_INPUT = (
    pytest.param("redteam_derivative_by_defined_name.txt", (2,), id="redteam_derivative_by_defined_name.txt"),
)

# Attempts that the checker already handles correctly: (file, the exit code it must give).
HANDLED = (
    ("redteam_sqrt_product_split.txt", 1),
    ("redteam_where_hides_derivative.txt", 1),
    ("redteam_single_index_pattern.txt", 1),
    ("redteam_sqrt_times_sqrt_true.txt", 0),
    ("redteam_unequal_lengths_true.txt", 0),
    ("redteam_cancel_huge_true.txt", 0),
    ("redteam_cancel_huge_slip.txt", 1),
)


@pytest.mark.parametrize("name, right", FALSE_PROVEN)
def test_a_false_derivation_is_not_proven_at_any_seed(name, right, capsys):
    right = right or (1,)
    for seed in SEEDS:
        code, said = check(name, seed, capsys)
        assert code in right, f"{name} exits {code} at seed {seed}, not {right} (1: not proven, 2: refused):\n{said}"
        assert code == 2 or "not proven" in said or "does not follow" in said, said


@pytest.mark.parametrize("name, right", TRUE_REFUSED)
def test_a_true_derivation_is_proven_at_every_seed(name, right, capsys):
    right = right or (0,)
    for seed in SEEDS:
        code, said = check(name, seed, capsys)
        assert code in right, f"{name} exits {code} at seed {seed}, not {right} (0: proven, 2: refused):\n{said}"


@pytest.mark.parametrize("name, right", BAD_INPUT)
def test_bad_input_is_refused_in_one_line(name, right, capsys):
    code, said = check(name, 1, capsys)
    assert code in right, f"{name} exits {code}, not {right}:\n{said}"
    assert "internal error" not in said and len(said.strip().splitlines()) == 1, said


@pytest.mark.parametrize("name, expected", HANDLED, ids=[name for name, _ in HANDLED])
def test_an_attempt_already_handled_gives_the_right_verdict_at_every_seed(name, expected, capsys):
    for seed in SEEDS:
        code, said = check(name, seed, capsys)
        assert code == expected, f"{name} exits {code} at seed {seed}, not {expected}:\n{said}"



@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="the likely-slip hint compares to about 10 digits: a slip of 1e-12 is named a sign error")
def test_the_likely_slip_named_is_one_that_would_repair_the_line(capsys):
    """slip_tiny_right.txt adds 1e-12 for x > 3; negating that term does not repair the line (it is off by
    2e-12 then), so 'a sign error' is not the slip (dropping the term is)."""
    for seed in SEEDS[:2]:
        code, said = check("slip_tiny_right.txt", seed, capsys)
        assert code == 1, said
        assert "a sign error" not in said, said
