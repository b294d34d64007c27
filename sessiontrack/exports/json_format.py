"""Compatibility shim: the session's JSON format moved to :mod:`sessiontrack.exports.session_json`;
this module re-exports what callers of the old path use."""

from .session_json import (
    FORMAT,
    SCHEMA_VERSION,
    ImportRefused,
    UnreadableNumber,
    dumps,
    export_session,
    loads,
)

__all__ = [
    "FORMAT",
    "SCHEMA_VERSION",
    "ImportRefused",
    "UnreadableNumber",
    "dumps",
    "export_session",
    "loads",
]
