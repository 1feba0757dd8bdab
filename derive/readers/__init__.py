"""The readers: typed text through a whitelist (`text`, `inputs`), LaTeX (`latex`), and the
derivations written by hand that `derive check` reads (`check_file`). Nothing a user types is
ever evaluated."""
