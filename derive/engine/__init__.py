"""The engine: a route (an ordered list of rules) applied to an expression tree until no rule
applies (`run`), the records it writes (`records`), and the routes it is handed (`routes`).
The engine knows no rule by name."""
