"""Building blocks for the models: field metadata, value markers and common value types.

Every key is declared once, as a pydantic field made by :func:`F`. Its description, TOML default,
deprecation note, experimental flag and the Codex releases it belongs to (``since``/``until``, see
:mod:`codex_config_lsp.releases`) live in that field (``json_schema_extra``), so the JSON schema, hover
text and diagnostics all read the same source. A text that must name the release it speaks for writes
``{codex}``; the compiler fills in "Codex 0.171" (or whichever release it compiles).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field
from pydantic_core import core_schema

from .texts import PATH_LABEL

__all__ = [
    "F",
    "ValuesSince",
    "CODEX",
    "CODEX_OPEN",
    "Suggest",
    "Rule",
    "Label",
    "Str",
    "PathStr",
    "PATH_LABEL",
    "I32",
    "U8",
    "U16",
    "U32",
    "U64",
    "NonZero",
    "Percent",
    "StrList",
    "StrMap",
    "ValueDocs",
    "toml_str",
]

# Every table model uses this: unknown keys are not allowed, no type coercion ("true" is not a bool).
CODEX = ConfigDict(extra="forbid", strict=True, protected_namespaces=(), populate_by_name=True, defer_build=True)
# The same for tables that take user keys beside their own (apps, agent roles, ...).
CODEX_OPEN = ConfigDict(**{**CODEX, "extra": "allow"})


def F(
    description: str,
    default: str | None = None,
    *,
    deprecated: str | None = None,
    experimental: bool = False,
    alias: str | None = None,
    required: bool = False,
    since: str | None = None,
    until: str | None = None,
) -> Any:
    """A config key: one short line of help, its default as TOML text, and flags.

    ``default`` is TOML literal text (``'"responses"'``, ``'true'``, ``'[".git"]'``), shown as-is in hover.
    ``since`` is the first Codex release that reads the key, ``until`` the first that no longer does.
    """
    kwargs: dict[str, Any] = {"description": description}
    extra = _extra(default, deprecated, experimental, since, until)
    if extra:
        kwargs["json_schema_extra"] = extra
    if alias:
        kwargs["alias"] = alias
    if required:
        return Field(..., **kwargs)
    return Field(None, **kwargs)


def _extra(
    default: str | None, deprecated: str | None, experimental: bool, since: str | None, until: str | None
) -> dict[str, Any]:
    """The metadata a key carries besides its description."""
    extra: dict[str, Any] = {}
    if since is not None:
        extra["x-since"] = since
    if until is not None:
        extra["x-until"] = until
    if default is not None:
        extra["x-toml-default"] = default
    if deprecated:
        extra["x-deprecated"] = deprecated
    if experimental:
        extra["x-experimental"] = True
    return extra


class ValuesSince:
    """Marker next to a ``Literal``: enum values that only some releases accept.

    ``ValuesSince(fast="0.171.0")`` says Codex accepts ``"fast"`` from 0.171.0 on; ``until`` maps values
    to the first release that refuses them again.
    """

    __slots__ = ("since", "until")

    def __init__(self, until: dict[str, str] | None = None, **since: str) -> None:
        self.since = dict(since)
        self.until = dict(until or {})

    def __hash__(self) -> int:
        return id(self)


class Suggest:
    """Marker: a string that accepts anything but has well-known values (for completion)."""

    __slots__ = ("values",)

    def __init__(self, *values: str) -> None:
        self.values = tuple(values)

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        return {"anyOf": [{"enum": list(self.values)}, {"type": "string"}]}

    def __hash__(self) -> int:
        return hash(self.values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Suggest) and other.values == self.values


class Rule:
    """Marker: an extra check Codex applies after the type is right (e.g. ``name`` must not be empty).

    ``check(value) -> str | None`` returns a short reason when the value is refused.
    """

    __slots__ = ("check", "label")

    def __init__(self, check: Callable[[Any], str | None], label: str | None = None) -> None:
        self.check = check
        self.label = label

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        def _validate(value: Any) -> Any:
            reason = self.check(value)
            if reason:
                raise ValueError(reason)
            return value

        return core_schema.no_info_after_validator_function(_validate, handler(source))

    def __hash__(self) -> int:
        return id(self)


class ValueDocs:
    """Marker next to a ``Literal`` (or a :class:`Suggest`): what each value means, a line each, for hover and
    completion. ``{codex}`` in a text names the release it speaks for."""

    __slots__ = ("docs",)

    def __init__(self, docs: dict[str, str]) -> None:
        self.docs = docs

    def __hash__(self) -> int:
        return id(self)


class Label:
    """Marker: how to name this value type for people (overrides the generated label)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __hash__(self) -> int:
        return hash(self.text)


def toml_str(value: Any) -> Any:
    """Codex reads a TOML date/time where it wants a string as that string; mirror that."""
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return value


Str = Annotated[str, BeforeValidator(toml_str)]
PathStr = Annotated[str, BeforeValidator(toml_str), Label(PATH_LABEL)]
I32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
U8 = Annotated[int, Field(ge=0, le=255)]
U16 = Annotated[int, Field(ge=0, le=65535)]
U32 = Annotated[int, Field(ge=0, le=2**32 - 1)]
U64 = Annotated[int, Field(ge=0)]
NonZero = Annotated[int, Field(ge=1)]
Percent = Annotated[int, Field(ge=0, le=100)]
StrList = list[Str]
StrMap = dict[str, Str]
