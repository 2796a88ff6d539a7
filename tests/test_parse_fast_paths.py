"""The speed-ups of the HTML parse stage give exactly what the general forms give."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Span
from cleaner.html_blocks import counted_link_density, link_density
from cleaner.html_dom import _fold

_STYLES = st.sampled_from(["", "link", "image", "strong", "em", "code"])
_SPANS = st.lists(st.builds(Span, st.text(alphabet="ab 1.,文字²\n", max_size=12), _STYLES,
                            st.none() | st.just("https://x.test/")), max_size=6)


@settings(max_examples=500, deadline=None)
@given(_SPANS)
def test_link_density_without_counting_is_the_counted_one(spans):
    assert link_density(spans) == counted_link_density(spans)
    assert type(link_density(spans)) is float


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \n\t\x0c\r\x0b\u00a0\u3000a文", max_size=8), st.booleans())
def test_fold_tests_for_a_non_space_as_deleting_the_spaces_did(s, pre):
    kept = pre or s.translate(str.maketrans("", "", " \n\t\x0c\r"))
    assert _fold(s, pre) == (s if kept else "\n" if "\n" in s else " ")
