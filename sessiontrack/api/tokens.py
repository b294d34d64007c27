"""Personal API tokens: made on the account page, shown once, kept as a SHA-256 hash, revoked
by their owner; :func:`authenticate` finds the token a request presents.

A token's secret is ``st_`` and 43 characters of ``secrets.token_urlsafe(32)`` (256 bits): too
much entropy to guess, so a plain SHA-256 (no salt, no slow hash) is enough to keep at rest and
lets the token be found by its hash in one indexed query.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit import services as audit
from ..core.errors import DomainError, NotAllowed
from ..core.models import utcnow
from ..extensions import db
from .models import ApiToken, TokenScope

PREFIX = "st_"
TOKENS_MAX = 10  # active tokens per user
SECRET_MAX = 100  # longer "tokens" are not ours: refused before hashing
# A request notes the token's use at most this often: a busy client writes once a minute.
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def tokens_of(user) -> list[ApiToken]:
    """The user's tokens, the active ones first, newest first."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
        )
    )


def create_token(user, name: str, scope: TokenScope) -> tuple[ApiToken, str]:
    """A new token of ``user``; returns it and its secret, which is never shown again.

    :raise DomainError: at ``name`` when the user already has :data:`TOKENS_MAX` active tokens
        or an active token of this name (a request sent at the same moment as another making
        it meets the unique index: the 409 of a form sent twice).
    """
    same_name = db.session.scalar(
        sa.select(ApiToken.id).where(
            ApiToken.user_id == user.id, ApiToken.name == name, ApiToken.revoked_at.is_(None)
        )
    )
    if same_name is not None:
        raise DomainError(
            _(
                "You have an active token named «%(name)s» already: give this one another "
                "name. If you pressed the button twice, the first press made the token and "
                "showed its secret; revoke it below if you did not copy the secret.",
                name=name,
            ),
            field="name",
        )
    active = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    )
    if active >= TOKENS_MAX:
        raise DomainError(
            _("You have %(count)d active tokens: revoke one first.", count=TOKENS_MAX),
            field="name",
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, scope=scope, secret_hash=_hash(secret))
    db.session.add(token)
    db.session.flush()
    audit.record(
        "create",
        token,
        summary=name,
        changes={"scope": [None, scope.value]},
        user=user,
        object_type="api_token",
    )
    return token, secret


def revoke_token(user, token: ApiToken) -> None:
    """Revoke ``token``: it opens the API no more. Revoking a revoked token does nothing.

    :raise NotAllowed: if the token is not the user's.
    """
    if token.user_id != user.id:
        raise NotAllowed(_("This token is not yours."))
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    db.session.flush()
    audit.record("revoke", token, summary=token.name, user=user, object_type="api_token")


def authenticate(secret: str) -> ApiToken | None:
    """The active token whose secret is ``secret``, its use noted; ``None`` for a wrong,
    revoked or foreign one, or one whose user is deactivated."""
    if not secret.startswith(PREFIX) or len(secret) > SECRET_MAX:
        return None
    digest = _hash(secret)
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.secret_hash == digest))
    if token is None or not hmac.compare_digest(token.secret_hash, digest):
        return None
    if token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
    return token
