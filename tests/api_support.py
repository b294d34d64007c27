"""Helpers of the API tests: tokens, headers and a passport as JSON."""

import itertools
import json
from datetime import date
from decimal import Decimal
from enum import Enum

from sessiontrack.api import tokens
from sessiontrack.api.models import TokenScope
from sessiontrack.extensions import db

from .projects_support import passport

_names = itertools.count(1)


def make_token(user, scope: TokenScope = TokenScope.WRITE, name: str | None = None) -> str:
    """A new token of ``user`` (committed; named «Test N» unless ``name`` is given); its
    secret."""
    _token, secret = tokens.create_token(user, name or f"Test {next(_names)}", scope)
    db.session.commit()
    return secret


def bearer(secret: str) -> dict:
    """The headers that present ``secret``."""
    return {"Authorization": f"Bearer {secret}"}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(value)


def json_passport(world, **overrides) -> dict:
    """The complete passport of ``tests/projects_support.py`` as the API takes it."""
    return json.loads(json.dumps(passport(world, **overrides), default=_plain))
