"""Move a legacy `[profiles.<name>]` table into its own `<name>.config.toml`.

Codex 0.169 ignores profile tables in config.toml and reads `--profile <name>`
from `<name>.config.toml` beside it. tomlkit rewrites both files keeping the
user's formatting and comments.
"""

from __future__ import annotations

from dataclasses import dataclass

import tomlkit
from tomlkit.exceptions import TOMLKitError


@dataclass(frozen=True, slots=True)
class ProfileMove:
    profile: str
    file_name: str  # the new file, beside config.toml
    profile_text: str  # its content: the profile's settings as a whole config
    config_text: str  # config.toml without the profile table (and a `profile = ` that selects it)


def move_profile(text: str, name: str) -> ProfileMove | None:
    """The two files after moving profile ``name`` out; None when the text cannot be rewritten safely."""
    try:
        document = tomlkit.parse(text)
    except (TOMLKitError, ValueError):
        return None  # only a document that parses exactly is rewritten
    profiles = document.get("profiles")
    if not isinstance(profiles, dict) or not isinstance(profiles.get(name), dict):
        return None
    profile = tomlkit.document()
    for key, value in profiles[name].items():
        profile[key] = value
    del profiles[name]
    if not profiles:
        del document["profiles"]
    if document.get("profile") == name:
        del document["profile"]
    profile_text = tomlkit.dumps(profile).rstrip() + "\n"
    return ProfileMove(name, f"{name}.config.toml", profile_text, tomlkit.dumps(document))
