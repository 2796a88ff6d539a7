"""How many examples the fast-path equivalence tests draw (tests/test_fast_paths.py,
tests/test_parse_fast_paths.py).

Each checks that a fast path gives what the plain form gives.  In CI they draw at most
``CI_EXAMPLES`` examples each (hypothesis keeps its failing examples in its database and tries them
first); ``CLEANER_THOROUGH=1 pytest tests/test_fast_paths.py tests/test_parse_fast_paths.py`` draws
the number each test asks for, as after a change to a fast path.
"""
import os

CI_EXAMPLES = 100


def examples(n: int) -> int:
    return n if os.environ.get("CLEANER_THOROUGH") else min(n, CI_EXAMPLES)
