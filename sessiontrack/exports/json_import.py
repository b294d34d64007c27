"""Compatibility shim: the import of a session's JSON document moved to
:mod:`sessiontrack.exports.session_json`; this module re-exports what callers of the old path
use."""

from .session_json import ImportReport, import_session

__all__ = ["ImportReport", "import_session"]
