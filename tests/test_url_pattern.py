"""url_pattern builds the same URLs as url_for, one route build for a whole list."""

import pytest
from flask import url_for

from sessiontrack.core.urls import url_pattern


def test_a_pattern_gives_what_url_for_gives(app):
    with app.test_request_context():
        feedback = url_pattern("review.feedback", "project_id", slug="s-2147483647")
        for project_id in (1, 42, 2147483646):
            expected = url_for("review.feedback", slug="s-2147483647", project_id=project_id)
            assert feedback(project_id) == expected
        with pytest.raises(ValueError):
            url_pattern("review.results", "project_id", slug="s")
