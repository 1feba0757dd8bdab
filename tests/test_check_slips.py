"""`derive check` rejects a derivation with a slip, even one that is wrong only somewhere.

Each tests/check_files/slip_*.txt below holds one slip: some are false everywhere (a sign, a
dropped term), others only on part of the line (for x > 3, for x < -4, on an interval of length
1) or only for some indices (a Kronecker delta wrong only where i != j). A checker that looks
near 0, or at one pattern of indices, passes those; every one must exit 1 (not proven). The
correct files beside them must still exit 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from derive import cli

FILES = Path(__file__).resolve().parent / "check_files"

SLIPS = (
    "slip_abs_right.txt",             # d|x - 3|/dx = -1: false for x > 3
    "slip_max_right.txt",             # d max(x, 3)/dx = 0: false for x > 3
    "slip_min_left.txt",              # d min(x, -4)/dx = 0: false for x < -4
    "slip_clip_interval.txt",         # d min(max(x, 20), 21)/dx = 0: false on (20, 21)
    "slip_sqrt_square.txt",           # sqrt((x - 3)^2) taken as 3 - x: false for x > 3
    "slip_delta_times.txt",           # dz_ij/dz_ik = delta_jk delta_ij: false for i != j
    "slip_sign_product.txt",          # the product rule with a minus
    "slip_dropped_term_product.txt",  # the product rule with a term dropped
    "slip_zero_by_cancellation.txt",  # 0 by cancellation claimed with exp(-60) added: 9e-27 too much
    "slip_domain_log_square.txt",     # log x^2 = 2 log x: the right side has no real value for x < 0
    "slip_domain_half_line.txt",      # d|x|/dx = sqrt(x)/sqrt(|x|) = 1: i, not real, for x < 0
    "slip_piecewise_gap.txt",         # d|x|/dx as pieces for x > 1 and x < 0: no value on [0, 1]
    "slip_tiny_right.txt",            # 10^-12 added for x > 3: within the screen's tolerance
    "slip_length_swap.txt",           # a sum to L written for a sum to d: equal when L = d
)
CORRECT = ("kink_abs.txt", "kink_max.txt", "kronecker.txt", "zero_by_cancellation.txt", "domain_log_abs.txt",
           "two_lengths.txt")


def check(name: str, capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as raised:
        cli.main(["check", str(FILES / name)])
    captured = capsys.readouterr()
    return raised.value.code, captured.out + captured.err


@pytest.mark.parametrize("name", SLIPS)
def test_a_slip_is_not_verified(name, capsys):
    code, said = check(name, capsys)
    assert code == 1, f"{name} exits {code}, not 1 (not proven):\n{said}"
    assert "not proven" in said or "does not follow" in said, said


@pytest.mark.parametrize("name", CORRECT)
def test_a_correct_derivation_is_verified(name, capsys):
    code, said = check(name, capsys)
    assert code == 0, f"{name} exits {code}, not 0:\n{said}"


def test_sides_that_are_zero_by_cancellation_are_compared_at_many_points_at_30_digits(capsys):
    """Doubles cannot tell sec^2 - tan^2 - 1 from a small number: every point is left to 30 digits,
    and a step is passed there at many points, not at one (or none, leaving it unchecked)."""
    import json
    import re

    with pytest.raises(SystemExit) as raised:
        cli.main(["check", str(FILES / "zero_by_cancellation.txt"), "--format", "json"])
    assert raised.value.code == 0
    for step in json.loads(capsys.readouterr().out)["steps"]:
        points, confirmed = map(int, re.match(r"equal at (\d+) random points; (\d+) of them to 30 digits",
                                              step["detail"]).groups())
        assert points >= 20 and confirmed == points, step["detail"]


def test_a_line_with_no_real_value_where_the_function_has_one_is_a_counterexample(capsys):
    """Points where a side has no real value are not left out of the comparison when the function
    is real there: the report says which line has none, and where."""
    code, said = check("slip_domain_half_line.txt", capsys)
    assert code == 1
    assert "line 4 does not follow from line 3" in said and "line 4 has no real value there" in said, said
    assert "at x = -" in said, said  # the counterexample lies on the half-line x < 0
