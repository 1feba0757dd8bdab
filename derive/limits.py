"""Time bounds: no simplification or verification may run for ever (see `rules.limits`, where
they live so that a rule, such as the one deciding whether a region is empty, can bound its own
work too)."""

from rules.limits import TimeLimit, time_limit, within

__all__ = ["TimeLimit", "time_limit", "within"]
