"""Completion: models, keys, enum values, provider and profile ids, table headers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from . import docs, domain, names, schema
from .analysis import Analysis
from .catalog import Catalog
from .cursor import HEADER, KEY, VALUE, Cursor, locate
from .schema import BUILTIN_PROVIDERS
from .stack import label as stack_label
from .syntax import Scalar
from .text import Span
from .toml_text import escape_basic, key_text

# Item kinds, mapped to the protocol's CompletionItemKind in lsp/convert.py.
MODEL, ENUM, KEY_ITEM, TABLE, PROVIDER, PROFILE, KEYWORD = (
    "model",
    "enum",
    "key",
    "table",
    "provider",
    "profile",
    "keyword",
)


# The item kind of a name, by the table that defines it.
KIND_ICONS = {"model_providers": PROVIDER, "profiles": PROFILE, "permissions": PROFILE}

Word = tuple[str, str, str, str, bool]  # what a string item inserts: (word, kind, detail, documentation, deprecated)


@dataclass(frozen=True, slots=True)
class Item:
    label: str
    kind: str
    replace: Span
    insert: str
    detail: str = ""
    documentation: str = ""
    filter: str | None = None
    sort: str = ""
    snippet: bool = False
    deprecated: bool = False
    preselect: bool = False


def complete(analysis: Analysis, offset: int, markdown: bool = True, snippets: bool = False) -> list[Item]:
    cursor = locate(analysis.document, offset)
    if cursor.kind == VALUE:
        return _values(analysis, cursor, markdown)
    if cursor.kind == KEY:
        return _keys(analysis, cursor, markdown, snippets)
    if cursor.kind == HEADER:
        return _headers(analysis, cursor, markdown)
    return []


# -- values -----------------------------------------------------------------


def _string_edit(cursor: Cursor) -> tuple[Span, str, str]:
    """Where a string item goes and what surrounds the word.

    Inside typed quotes only the text between them is replaced, so clients
    that filter on the word before the cursor (Eglot) or replace only up to
    the cursor (Neovim) get the same result as VS Code.
    """
    node = cursor.node
    if isinstance(node, Scalar) and node.kind == "string":
        width = len(node.quote)
        end = node.span.end - width if node.closed else node.span.end
        return Span(node.span.start + width, end), "", "" if node.closed else node.quote
    return cursor.replace, '"', '"'


def _escaped(word: str, cursor: Cursor) -> str:
    """``word`` as it must be written inside the string under the cursor."""
    node = cursor.node
    literal = isinstance(node, Scalar) and node.kind == "string" and node.quote.startswith("'")
    return word if literal else escape_basic(word)


def _string_items(cursor: Cursor, words: Sequence[Word]) -> list[Item]:
    """Items that insert strings: (word, kind, detail, documentation, deprecated)."""
    replace, before, after = _string_edit(cursor)
    items = []
    for rank, (word, kind, detail, documentation, deprecated) in enumerate(words):
        items.append(
            Item(
                word,
                kind,
                replace,
                f"{before}{_escaped(word, cursor)}{after}",
                detail,
                documentation,
                filter=word,
                sort=f"{rank:03d}",
                deprecated=deprecated,
                preselect=rank == 0,
            )
        )
    return items


def _values(analysis: Analysis, cursor: Cursor, markdown: bool) -> list[Item]:
    path = cursor.path
    if domain.matches(path, domain.MODEL_SLOTS):
        # Models a catalog Codex reads lists come first: Codex warns about the others at session start.
        return _string_items(cursor, _model_words(analysis.catalog, markdown))
    if path == ("oss_provider",):
        return _string_items(cursor, _builtin_provider_words(markdown, local_only=True))
    kind = names.kind_referred_to(path)
    if kind is not None:
        return _string_items(cursor, _name_words(analysis, kind, markdown))
    info = schema.key_info(path, release=analysis.snapshot.release)
    if info is None:
        return []
    if domain.matches(path, domain.EFFORT_SLOTS):
        return _string_items(cursor, _effort_words(analysis, path, info))
    if info.values:
        deprecated = _deprecated_values(path)
        return _string_items(
            cursor,
            [
                (
                    v,
                    ENUM,
                    info.name,
                    schema.value_doc(info.path, v, release=analysis.snapshot.release) or info.description,
                    v in deprecated,
                )
                for v in info.values
            ],
        )
    if info.kind == "boolean" and not (isinstance(cursor.node, Scalar) and cursor.node.kind == "string"):
        return [
            Item(word, KEYWORD, cursor.replace, word, info.name, info.description, sort=str(i))
            for i, word in enumerate(("true", "false"))
        ]
    return []


# The model words of each catalog, written once: catalogs are immutable and shared by every analysis on the same
# sources, and completion offers every model on each keystroke. Weak keys: an unused catalog takes its words along.
_MODEL_WORDS: WeakKeyDictionary[Catalog, dict[bool, tuple[Word, ...]]] = WeakKeyDictionary()


def _model_words(catalog: Catalog, markdown: bool) -> tuple[Word, ...]:
    """The listed models, those a catalog Codex reads lists first: Codex warns about the others at session start."""
    by_format = _MODEL_WORDS.setdefault(catalog, {})
    words = by_format.get(markdown)
    if words is None:
        models = sorted(catalog.models(), key=lambda model: not model.codex_facts)
        words = by_format[markdown] = tuple(
            (model.slug, MODEL, *docs.model_texts(catalog, model, markdown), False) for model in models
        )
    return words


def _effort_words(analysis: Analysis, path: tuple[str, ...], info: schema.KeyInfo) -> list[Word]:
    """Reasoning efforts, those the model in scope lists first (when the catalog knows them)."""
    scope = domain.efforts_in_scope(analysis.tree, path, analysis.catalog, analysis.stack.effective)
    slug, listed = scope or ("", ())
    words = []
    for value in sorted(info.values, key=lambda v: v not in listed):
        if not listed:
            detail = info.name
        elif value in listed:
            detail = f"{slug} offers this"
        else:
            detail = f"not among {slug}'s efforts ({', '.join(listed)})"
        words.append(
            (
                value,
                ENUM,
                detail,
                schema.value_doc(info.path, value, release=analysis.snapshot.release) or info.description,
                False,
            )
        )
    return words


def _deprecated_values(path: tuple[str, ...]) -> frozenset[str]:
    if path[-1:] == ("approval_policy",):
        return frozenset({"on-failure"})
    return frozenset()


def _name_words(analysis: Analysis, kind: names.Kind, markdown: bool) -> list[Word]:
    """The names a value may refer to: those defined in any file of the stack, then Codex's built-in ones."""
    words = []
    home = analysis.snapshot.codex_home
    for name, site in names.definitions(analysis, kind).items():
        where = "this file" if site.file is None else stack_label(site.file, home)
        doc = ""
        if kind is names.PROVIDER:
            table = analysis.stack.effective.get(("model_providers", name)) or analysis.tree.get(
                ("model_providers", name)
            )
            doc = docs.defined_provider_doc(name, table if isinstance(table, dict) else {}, markdown)
        words.append((name, KIND_ICONS[kind.table], f"{kind.noun} defined in {where}", doc, False))
    if kind is names.PROVIDER:
        words += _builtin_provider_words(markdown, local_only=False)
    for name in sorted(kind.builtins) if kind is names.PERMISSIONS else ():
        words.append(
            (name, KIND_ICONS[kind.table], f"built-in {kind.noun}", domain.BUILTIN_PERMISSIONS[name[1:]], False)
        )
    return words


def _builtin_provider_words(markdown: bool, local_only: bool) -> list[Word]:
    words = []
    for provider in BUILTIN_PROVIDERS.values():
        if local_only and provider.id not in ("ollama", "lmstudio"):
            continue
        words.append(
            (provider.id, PROVIDER, f"built-in: {provider.name}", docs.provider_doc(provider, markdown), False)
        )
    return words


# -- keys -------------------------------------------------------------------


def _existing_keys(analysis: Analysis, table: tuple[str, ...]) -> set[str]:
    node: object = analysis.tree.data
    for part in table:
        if isinstance(node, list):
            node = node[-1] if node else {}
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, list):
        node = node[-1] if node else {}
    return set(node) if isinstance(node, dict) else set()


def _placeholder(info: schema.KeyInfo, snippets: bool) -> tuple[str, bool]:
    """The `= value` part inserted after a key, and whether it is a snippet."""
    default = info.default
    if not snippets:  # the cursor lands after the text: leave the value to type (or to complete)
        return " = " + (default if default is not None else ""), False
    if info.values:
        choices = ",".join(v.replace(",", "\\,").replace("|", "\\|") for v in info.values)
        return f' = "${{1|{choices}|}}"', True
    if info.kind == "boolean":
        first = default if default in ("true", "false") else "true"
        other = "false" if first == "true" else "true"
        return f" = ${{1|{first},{other}|}}", True
    if info.kind == "string":
        inner = default[1:-1] if default and default.startswith('"') else ""
        return f' = "${{1:{_escape_snippet(inner)}}}"', True
    if info.kind == "array":
        return " = [$1]", True
    return f" = ${{1:{_escape_snippet(default or '')}}}", True


def _escape_snippet(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def _keys(analysis: Analysis, cursor: Cursor, markdown: bool, snippets: bool) -> list[Item]:
    table = cursor.path
    known = schema.child_keys(table, release=analysis.snapshot.release)
    if not known:
        return []
    taken = _existing_keys(analysis, table)
    items = []
    for rank, info in enumerate(known):
        if info.name in taken and info.name != cursor.prefix:
            continue
        label = info.name
        insert, snippet = label, False
        if info.kind in ("table", "map"):
            if not cursor.has_value:
                insert = f"{label}."
        elif not cursor.has_value:
            tail, snippet = _placeholder(info, snippets)
            insert = label + tail
        items.append(
            Item(
                label,
                KEY_ITEM if info.kind not in ("table", "map") else TABLE,
                cursor.replace,
                insert,
                info.type_label,
                docs.key_doc(info, markdown),
                sort=f"{rank:03d}",
                snippet=snippet,
                deprecated=info.deprecated is not None,
            )
        )
    return items


# -- headers ----------------------------------------------------------------


def _is_table_array(info: schema.KeyInfo) -> bool:
    """True for keys written as `[[name]]` headers."""
    return info.type_label == "array of tables"


def _headers(analysis: Analysis, cursor: Cursor, markdown: bool) -> list[Item]:
    parent = cursor.path
    closer = "" if cursor.header_closed else ("]]" if cursor.header_array else "]")
    kind = schema.table_kind(parent, release=analysis.snapshot.release) if parent else "table"
    items: list[Item] = []
    if kind == "map":
        existing = analysis.tree.get(parent)
        names = [name for name in existing] if isinstance(existing, dict) else []
        for rank, name in enumerate(names):
            items.append(
                Item(name, TABLE, cursor.replace, key_text(name) + closer, "defined in this file", sort=f"{rank:03d}")
            )
        return items
    for rank, info in enumerate(schema.child_keys(parent, release=analysis.snapshot.release) or ()):
        if _is_table_array(info) != cursor.header_array or (
            info.kind not in ("table", "map") and not cursor.header_array
        ):
            continue
        items.append(
            Item(
                info.name,
                TABLE,
                cursor.replace,
                info.name + closer,
                info.type_label,
                docs.key_doc(info, markdown),
                sort=f"{rank:03d}",
                deprecated=info.deprecated is not None,
            )
        )
    return items
