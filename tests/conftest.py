"""The suite draws the checker's points from one seed, so that a run of the suite repeats; set
DERIVE_SEED yourself to try others (every seed must pass), or `DERIVE_SEED=fresh` for a new one each time.

The seed is one for the whole run: the processes the tests start inherit it, and so do the
parallel workers (pytest-xdist), which are handed the seed chosen here rather than choosing
their own. A fresh seed is drawn once, here, and shown in the report's header and at its end,
so that a run that fails can be repeated with `DERIVE_SEED=<that seed>`."""

import os
import secrets

import pytest

DEFAULT_SEED = "20261205"
FRESH = os.environ.get("DERIVE_SEED") == "fresh"

if FRESH:
    os.environ["DERIVE_SEED"] = str(secrets.randbelow(10 ** 9))
else:
    os.environ.setdefault("DERIVE_SEED", DEFAULT_SEED)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist, in the controlling process: every worker gets this process's seed."""
    node.workerinput["derive_seed"] = os.environ["DERIVE_SEED"]


def pytest_configure(config):
    seed = getattr(config, "workerinput", {}).get("derive_seed")
    if seed is not None:  # a worker: the controller's seed, whatever this process drew above
        os.environ["DERIVE_SEED"] = seed


def pytest_report_header(config):
    return f"DERIVE_SEED={os.environ['DERIVE_SEED']}" + (" (drawn afresh for this run)" if FRESH else "")


def pytest_terminal_summary(terminalreporter):
    if FRESH:
        terminalreporter.write_line(f"DERIVE_SEED=fresh drew {os.environ['DERIVE_SEED']}: "
                                    f"set DERIVE_SEED={os.environ['DERIVE_SEED']} to repeat this run")
