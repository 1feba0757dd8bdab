from .math import show_text  # noqa: F401  (the text printer proper follows)
