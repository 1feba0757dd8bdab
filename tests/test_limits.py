"""Time bounds (rules/limits.py): a bound that is hit raises TimeLimit naming the work; bounds
nest (an inner bound never outlasts the outer one); None means no bound; the SIGALRM handler
and timer are left as they were found.

Only the main thread of a POSIX process can be bounded (SIGALRM); these tests run there. The
durations are short; the bounds asserted on are loose (a hit bound must fire well before a
sleep that is 20 to 100 times longer ends), so a slow machine does not make them flaky.
"""

from __future__ import annotations

import signal
import threading
import time

import pytest

from derive.rules import limits
from derive.rules.limits import TimeLimit, time_limit

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="time bounds need SIGALRM (POSIX)")

LONG = 5.0  # a sleep the bound must cut short; the test would take this long if it did not


def busy(seconds: float) -> None:
    """Pure-Python work (like SymPy's), not a sleep: the bound must interrupt it between bytecodes."""
    end = time.monotonic() + seconds
    total = 0
    while time.monotonic() < end:
        total += sum(range(100))


def timer_left() -> float:
    return signal.getitimer(signal.ITIMER_REAL)[0]


@pytest.fixture(autouse=True)
def clean_state():
    """Every test starts and ends with no limit in force, no timer armed and the handler it found."""
    handler = signal.getsignal(signal.SIGALRM)
    assert limits._active == [] and timer_left() == 0
    yield
    assert limits._active == [], "a limit was left in force"
    assert timer_left() == 0, "the interval timer was left armed"
    assert signal.getsignal(signal.SIGALRM) is handler, "the SIGALRM handler was not restored"


def test_a_bound_that_is_hit_raises_time_limit_naming_the_work():
    started = time.monotonic()
    with pytest.raises(TimeLimit) as hit:
        with time_limit(0.1, "simplifying step 3 (product rule)"):
            time.sleep(LONG)
    assert time.monotonic() - started < LONG / 2
    assert hit.value.what == "simplifying step 3 (product rule)" and hit.value.seconds == 0.1
    assert str(hit.value) == "simplifying step 3 (product rule) did not finish within 0.1 s"


def test_pure_python_work_is_interrupted_too():
    started = time.monotonic()
    with pytest.raises(TimeLimit, match="verifying the result"):
        with time_limit(0.1, "verifying the result"):
            busy(LONG)
    assert time.monotonic() - started < LONG / 2


def test_work_that_finishes_in_time_is_untouched():
    with time_limit(LONG, "quick work"):
        value = sum(range(1000))
    assert value == 499500
    time.sleep(0.05)  # no stray alarm arrives afterwards (the fixture also checks the timer is off)


def test_an_exception_inside_the_block_passes_through_and_the_bound_is_removed():
    with pytest.raises(KeyError):
        with time_limit(LONG, "work that fails"):
            raise KeyError("inner")
    # the fixture checks that no limit, timer or handler is left behind


@pytest.mark.parametrize("seconds", [None, 0, -1])
def test_none_or_a_non_positive_value_means_no_bound(seconds):
    handler = signal.getsignal(signal.SIGALRM)
    with time_limit(seconds, "unbounded work"):
        assert limits._active == [] and timer_left() == 0
        assert signal.getsignal(signal.SIGALRM) is handler  # nothing is installed at all
        busy(0.3)  # longer than any bound the other tests use: nothing fires


def test_nested_the_inner_bound_fires_and_the_outer_one_still_holds():
    with pytest.raises(TimeLimit) as outer_hit:
        with time_limit(0.6, "the whole verification"):
            with pytest.raises(TimeLimit) as inner_hit:
                with time_limit(0.1, "step 1"):
                    time.sleep(LONG)
            assert inner_hit.value.what == "step 1"
            assert len(limits._active) == 1 and 0 < timer_left() <= 0.6  # re-armed for the outer bound
            time.sleep(LONG)
    assert outer_hit.value.what == "the whole verification"


def test_nested_an_inner_bound_never_outlasts_the_outer_one():
    started = time.monotonic()
    with pytest.raises(TimeLimit) as hit:
        with time_limit(0.1, "the whole verification"):
            with time_limit(LONG * 2, "step 1"):
                time.sleep(LONG)
    assert time.monotonic() - started < LONG / 2
    assert hit.value.what == "the whole verification"  # the outermost expired bound is the one named


def test_nested_bounds_that_finish_leave_the_outer_one_armed():
    with time_limit(LONG, "outer"):
        with time_limit(LONG / 2, "inner"):
            assert len(limits._active) == 2 and timer_left() <= LONG / 2
        assert len(limits._active) == 1 and LONG / 2 < timer_left() <= LONG
        with time_limit(LONG * 2, "a longer inner bound"):
            assert timer_left() <= LONG  # the timer still serves the outer deadline
    assert timer_left() == 0


def test_the_previous_sigalrm_handler_is_restored():
    calls = []

    def previous(signum, frame):  # noqa: ARG001
        calls.append(signum)

    original = signal.signal(signal.SIGALRM, previous)
    try:
        with time_limit(LONG, "bounded work"):
            assert signal.getsignal(signal.SIGALRM) is not previous  # the limit's own handler while bounded
        assert signal.getsignal(signal.SIGALRM) is previous
        with pytest.raises(TimeLimit):
            with time_limit(0.05, "work that runs out of time"):
                time.sleep(LONG)
        assert signal.getsignal(signal.SIGALRM) is previous  # restored after a hit bound too
        with time_limit(LONG, "outer"):
            with time_limit(LONG, "inner"):
                pass
            assert signal.getsignal(signal.SIGALRM) is not previous  # not restored while a bound is in force
        assert signal.getsignal(signal.SIGALRM) is previous
        signal.setitimer(signal.ITIMER_REAL, 0.01)  # the restored handler is the one that runs
        time.sleep(0.2)
        assert calls == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, original)


@pytest.mark.parametrize("previous", [signal.SIG_IGN, signal.SIG_DFL])
def test_the_ignore_and_default_dispositions_are_restored(previous):
    original = signal.signal(signal.SIGALRM, previous)
    try:
        with time_limit(LONG, "bounded work"):
            pass
        assert signal.getsignal(signal.SIGALRM) == previous
    finally:
        signal.signal(signal.SIGALRM, original)


def test_off_the_main_thread_the_block_runs_unbounded():
    outcome = {}

    def worker():
        try:
            with time_limit(0.05, "work in a thread"):
                time.sleep(0.3)
            outcome["finished"] = True
        except BaseException as error:  # noqa: BLE001 -- reported to the main thread
            outcome["error"] = error

    handler = signal.getsignal(signal.SIGALRM)
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(timeout=30)
    assert outcome == {"finished": True}
    assert signal.getsignal(signal.SIGALRM) is handler and timer_left() == 0


def test_time_limit_is_an_error_the_checker_can_report():
    error = TimeLimit("step 2 (chain rule)", 30.0)
    assert isinstance(error, Exception) and error.what == "step 2 (chain rule)" and error.seconds == 30.0
    assert "step 2 (chain rule)" in str(error) and "30 s" in str(error)


def test_a_bound_lost_once_is_raised_again():
    """A TimeLimit raised while a garbage collector's callback or a __del__ runs is printed and
    lost ("Exception ignored in ..."); the work would then run unbounded. The alarm fires again
    until the block is left."""
    lost = []
    started = time.monotonic()
    with pytest.raises(TimeLimit, match="the work"):
        with time_limit(0.2, "the work"):
            try:
                busy(LONG)
            except TimeLimit as first:  # as if swallowed where Python ignores it
                lost.append(first)
            busy(LONG)
    assert lost and time.monotonic() - started < LONG / 2


def test_within_handles_its_own_bound_and_lets_an_outer_one_through():
    from derive.rules.limits import within
    assert within(0.1, "inner", lambda: busy(LONG), lambda bound: f"gave up: {bound.what}") == "gave up: inner"
    assert within(1.0, "quick", lambda: 7, lambda bound: None) == 7
    with pytest.raises(TimeLimit, match="outer"):
        with time_limit(0.1, "outer"):
            within(LONG, "inner", lambda: busy(LONG), lambda bound: "inner's")
