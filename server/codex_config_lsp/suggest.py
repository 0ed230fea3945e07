""" "Did you mean": which known names look like a mistyped one, and the quick fixes that write them.

One scoring for every kind of name (keys, model slugs, provider and profile ids, enum values),
so the same slip gets the same suggestion wherever it is made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from .problems import Fix
from .text import Span

# Below this similarity a candidate is noise, not a suggestion (difflib's own default).
_CUTOFF = 0.6
_WORD_BREAK = re.compile(r"[_\-.]+")


def closest(word: str, candidates: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    """Up to ``limit`` candidates that look like ``word``, best first; never ``word`` itself.

    Names are case-sensitive in Codex, so a candidate that differs only in case (`Model` for `model`) is the
    best suggestion there is, not the same name.
    """
    return _closest(str(word), tuple(dict.fromkeys(candidates)), limit)


@lru_cache(maxsize=4096)
def _closest(word: str, candidates: tuple[str, ...], limit: int) -> tuple[str, ...]:
    low = word.lower()
    normal = low.replace("-", "_")
    words = {part for part in _WORD_BREAK.split(normal) if part}
    import difflib  # here, not at the top: most sessions never suggest anything (0.14 MB)

    matcher = difflib.SequenceMatcher(None)
    matcher.set_seq2(low)
    scored: list[tuple[float, str]] = []
    for candidate in candidates:
        if candidate == word:
            continue
        other = candidate.lower()
        if other.replace("-", "_") == normal:
            ratio = 0.99  # differs only in case or in `-` for `_`
        else:
            matcher.set_seq1(other)
            ratio = 0.0
            if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
                ratio = matcher.ratio()
            if len(low) >= 4 and (other.startswith(low) or low.startswith(other)):
                ratio = max(ratio, 0.75)  # cut short or run on: `model_reason` for `model_reasoning_effort`
            elif len(words) >= 2 and words <= set(_WORD_BREAK.split(other.replace("-", "_"))):
                ratio = max(ratio, 0.65)  # the right words in another order
        if ratio >= _CUTOFF:
            scored.append((ratio, candidate))
    scored.sort(key=lambda item: -item[0])  # stable: equal scores keep the candidates' order
    return tuple(candidate for _, candidate in scored[:limit])


def did_you_mean(names: Iterable[str]) -> str:
    """`` Did you mean `a` or `b`?`` for a message, or nothing when there is no suggestion."""
    quoted = [f"`{name}`" for name in names]
    if not quoted:
        return ""
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" Did you mean {listed}?"


def replacement_fixes(
    span: Span, names: Iterable[str], write: Callable[[str], str], title: str = "Change to `{}`"
) -> tuple[Fix, ...]:
    """One quick fix per suggested name, replacing ``span`` with ``write(name)``; the first is preferred."""
    return tuple(Fix(title.format(name), span, write(name), index == 0) for index, name in enumerate(names))
