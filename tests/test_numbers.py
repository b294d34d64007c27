"""Figures read as Babel writes them: the fast score formatting gives Babel's very text."""

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from flask_babel import force_locale
from hypothesis import given
from hypothesis import strategies as st

from sessiontrack.core import numbers

SCORES = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**6), max_value=10**6),
    st.sampled_from([0.35, -0.35, 72.25, 0.05, -0.05, -0.04, 0.0, -0.0, 99.95, 1e-9]),
)


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_a_score_reads_as_babel_writes_it(app, locale):
    @given(SCORES)
    def check(value):
        with force_locale(locale):
            assert numbers.score(value) == format_decimal(value, "0.0", locale=locale)
            assert numbers.signed_score(value) == format_decimal(value, "+0.0;-0.0", locale=locale)

    with app.test_request_context():
        check()


def test_a_russian_score_has_a_decimal_comma_and_none_is_a_dash(app):
    with app.test_request_context(), force_locale("ru"):
        assert numbers.score(72.84) == "72,8"
        assert numbers.signed_score(Decimal("5.5")) == "+5,5"
        assert numbers.signed_score(-3) == "-3,0"
        assert numbers.score(None) == numbers.DASH
