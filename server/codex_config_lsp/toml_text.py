"""How names and values are written as TOML text: bare or quoted keys, escaped basic strings.

Reading (``syntax``) and writing (fixes, completion, formatting) share the one
definition of a bare key and of the characters a string must escape.
"""

from __future__ import annotations

import re

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Control characters: a basic string must escape them, and no name may hold one.
CONTROL_CHAR = re.compile(r"[\x00-\x1f\x7f]")
# How escape_basic writes control characters; the rest as \uXXXX (`\e` is TOML 1.1 only).
_SHORT_ESCAPES = {"\b": "b", "\t": "t", "\n": "n", "\f": "f", "\r": "r"}


def escape_basic(text: str) -> str:
    """``text`` as it must be written between the double quotes of a TOML string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return CONTROL_CHAR.sub(_escape_control, escaped)


def _escape_control(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    return f"\\{short}" if short else f"\\u{ord(char):04X}"


def toml_string(value: str) -> str:
    """``value`` written as a TOML basic string."""
    return f'"{escape_basic(value)}"'


def key_text(name: str) -> str:
    """``name`` written as a TOML key: bare when it can be, quoted otherwise."""
    return name if BARE_KEY.fullmatch(name) else f'"{escape_basic(name)}"'
