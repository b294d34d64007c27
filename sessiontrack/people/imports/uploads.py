"""The upload kept between the preview and the confirmation, under a random token.

The file waits in the instance folder, tied to the session and the user; nothing of it passes
through the browser. A confirmation claims it so that a double click imports it once.
"""

import json
import re
import secrets
import time
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ...core.errors import Conflict
from ..models import OrganisationKind

UPLOAD_LIFETIME_SECONDS = 24 * 3600
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


def _upload_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def store_upload(
    strategic_session, user, filename: str, data: bytes, default_kind: OrganisationKind
) -> str:
    """Keep an uploaded file until it is confirmed or cancelled; returns its token.

    Uploads older than a day are removed on the way.
    """
    directory = _upload_dir()
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for old in directory.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        except FileNotFoundError:
            continue  # confirmed or cancelled by another request meanwhile
    token = secrets.token_urlsafe(24)
    meta = {
        "session_id": strategic_session.id,
        "user_id": user.id,
        "filename": Path(filename).name[:200],
        "default_kind": default_kind.value,
    }
    (directory / f"{token}.data").write_bytes(data)
    (directory / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load_upload(token: str, strategic_session, user) -> tuple[dict, bytes] | None:
    """The upload's description and bytes, if ``token`` names one of this session and user."""
    if not TOKEN_PATTERN.match(token):
        return None
    directory = _upload_dir()
    # ``.held`` while a confirmation writes it (see claimed_upload).
    meta_file = directory / f"{token}.json"
    if not meta_file.exists():
        meta_file = directory / f"{token}.held"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        data = (directory / f"{token}.data").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("session_id") != strategic_session.id or meta.get("user_id") != user.id:
        return None
    return meta, data


def discard_upload(token: str) -> None:
    """Delete an upload's files (a malformed token names none)."""
    if not TOKEN_PATTERN.match(token):
        return
    directory = _upload_dir()
    for suffix in (".data", ".json", ".held"):
        (directory / f"{token}{suffix}").unlink(missing_ok=True)


def _taken() -> Conflict:
    """Another request is writing (or has written) this upload."""
    return Conflict(_("This file is being imported or has been imported already."))


@contextmanager
def claimed_upload(token: str):
    """Hold an upload while one request writes it, so that a second confirmation sent at the
    same moment (a double click) finds it taken instead of importing the rows twice.

    The upload is removed when the block succeeds and released again when it fails.

    :raise Conflict: if another request holds it or it is gone.
    """
    if not TOKEN_PATTERN.match(token):
        raise _taken()
    directory = _upload_dir()
    meta, held = directory / f"{token}.json", directory / f"{token}.held"
    try:
        meta.rename(held)  # atomic: only one request succeeds
    except OSError as error:
        raise _taken() from error
    try:
        yield
    except BaseException:
        held.rename(meta)
        raise
    held.unlink(missing_ok=True)
    (directory / f"{token}.data").unlink(missing_ok=True)
