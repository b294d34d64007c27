"""The ``app`` fixture's app is shared from test to test (``tests/conftest.py``): each test
still gets it as ``create_app`` built it."""

from .conftest import SHARED_APPS


def test_what_a_test_changes_in_the_app_is_put_back(app, backend):
    built_locale = app.config["BABEL_DEFAULT_LOCALE"]
    app.config["BABEL_DEFAULT_LOCALE"] = "xx"
    app.config["SESSIONTRACK_ADDED_BY_A_TEST"] = True
    app.extensions["added-by-a-test"] = object()
    app.added_by_a_test = True
    SHARED_APPS.release(backend[1])
    again = SHARED_APPS.get(backend[1])
    assert again is app
    assert app.config["BABEL_DEFAULT_LOCALE"] == built_locale
    assert "SESSIONTRACK_ADDED_BY_A_TEST" not in app.config
    assert "added-by-a-test" not in app.extensions
    assert not hasattr(app, "added_by_a_test")


def test_an_app_given_a_new_url_rule_is_not_handed_out_again(app, backend):
    app.add_url_rule("/added-by-a-test", "added_by_a_test", lambda: "x")
    SHARED_APPS.release(backend[1])
    fresh = SHARED_APPS.get(backend[1])
    assert fresh is not app
    assert "added_by_a_test" not in fresh.view_functions
