"""Each release's bundled catalog matches its binary, the models page keeps its facts, user catalogs extend both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from codex_config_lsp.catalog import (
    bundled,
    bundled_models,
    catalog_for,
    parse_catalog,
    settings_catalog_source,
)
from codex_config_lsp.catalog_extract import CATALOG_START, catalog_in_binary, trimmed_catalog
from codex_config_lsp.releases import KNOWN
from codex_config_lsp.suggest import closest

CATALOGS = Path(__file__).parents[1] / "server" / "codex_config_lsp" / "data" / "catalogs"
BINARIES = Path.home() / ".cache" / "codex-config-lsp"

SEED_MODELS = ["gpt-5.5", "gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex", "gpt-5.3-codex-spark", "gpt-5.2"]


def test_the_six_seed_models_come_first_recommended_before_alternatives():
    models = bundled().models()
    assert [m.slug for m in models[:6]] == SEED_MODELS
    assert [m.tier for m in models[:6]] == ["recommended"] * 5 + ["alternative"]
    for model in models[:6]:
        assert model.description and model.capability in range(1, 6) and model.speed in range(1, 6)
        assert model.availability.cli_sdk is True


def test_seed_facts():
    spark = bundled().get("gpt-5.3-codex-spark")
    assert (spark.capability, spark.speed, spark.availability.api, spark.availability.chatgpt_credits) == (
        3,
        5,
        False,
        False,
    )
    assert any("Pro" in note for note in spark.notes)
    assert bundled().get("gpt-5.3-codex").availability.cloud is True
    assert bundled().get("gpt-5.2").capability == 4


def test_hidden_models_are_known_but_not_offered():
    assert "codex-auto-review" in bundled()
    assert "codex-auto-review" not in [m.slug for m in bundled().models()]


def test_suggestions_rank_by_similarity():
    assert closest("gpt-5.4-mni", bundled().slugs())[0] == "gpt-5.4-mini"
    assert closest("GPT-5.4-mini", bundled().slugs())[0] == "gpt-5.4-mini"  # slugs are case-sensitive
    assert closest("zzzz", bundled().slugs()) == ()


def test_codex_models_json_shape_is_accepted(tmp_path):
    path = tmp_path / "models.json"
    path.write_text(
        json.dumps(
            {
                "models": [
                    {
                        "slug": "x-1",
                        "display_name": "X",
                        "visibility": "hide",
                        "supported_in_api": False,
                        "supported_reasoning_levels": [{"effort": "low", "description": "d"}],
                        "priority": 3,
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    (model,) = parse_catalog(path.read_text(encoding="utf-8"), settings_catalog_source(str(path))).models
    assert model.hidden and model.availability.api is False and model.reasoning_efforts == ("low",)


def test_a_user_model_overrides_the_bundled_one(tmp_path):
    path = tmp_path / "models.json"
    path.write_text(json.dumps([{"slug": "gpt-5.5", "description": "ours", "tier": "recommended"}]), encoding="utf-8")
    listing = parse_catalog(path.read_text(encoding="utf-8"), settings_catalog_source(str(path)))
    assert listing.error is None and catalog_for(extra=listing).get("gpt-5.5").description == "ours"


@pytest.mark.parametrize(
    "content, reason",
    [
        ("{", "not JSON"),
        ('{"models": [{"slug": ""}]}', "models.0.slug"),
        ('{"models": [{"slug": "x", "capability": 9}]}', "capability"),
        ('"just a string"', "models"),
    ],
)
def test_malformed_catalogs_give_one_line_and_keep_the_bundled_one(tmp_path, content, reason):
    listing = parse_catalog(content, settings_catalog_source("models.json"))
    assert listing.models == () and reason in listing.error and "\n" not in listing.error
    assert catalog_for(extra=listing) is bundled()


def test_a_catalog_file_that_cannot_be_read_is_an_error_not_a_crash(tmp_path):
    from support import machine

    snapshot = machine(tmp_path / "home", catalog_path=tmp_path / "nope.json")
    assert "cannot read" in snapshot.extra_models.error and snapshot.catalog() is bundled()
    snapshot = machine(tmp_path / "home", catalog_path=tmp_path)  # a folder
    assert "cannot read" in snapshot.extra_models.error


# --- One bundled catalog per release (measured on the 0.169.0 and 0.171.0 binaries). ---


@pytest.mark.parametrize("release", KNOWN)
def test_the_stored_catalog_is_what_the_release_binary_holds(release):
    binary = BINARIES / f"codex-{release}" / "codex"
    if not binary.is_file():
        pytest.skip(f"no Codex {release} binary on this machine (scripts/fetch-codex.sh)")
    stored = (CATALOGS / f"codex-{release}.json").read_text(encoding="utf-8")
    assert trimmed_catalog(binary.read_bytes()) == stored


@pytest.mark.parametrize("release, default", [("0.169.0", "gpt-6.1-sol"), ("0.171.0", "gpt-6.2-sol")])
def test_each_release_has_its_own_default_model(release, default):
    # `codex exec` with an empty config prints `model: <default>` in its header, offline, in both releases.
    assert catalog_for(release).default_model == default
    assert json.loads((CATALOGS / f"codex-{release}.json").read_text(encoding="utf-8"))["default_model"] == default


def test_codex_0_171_adds_two_models_and_removes_none():
    old = {m.slug for m in bundled_models("0.169.0").models}
    new = {m.slug for m in bundled_models("0.171.0").models}
    assert new - old == {"gpt-6.2-sol", "gpt-6.2-astra"} and old <= new
    assert "gpt-6.2-sol" in catalog_for("0.171.0") and "gpt-6.2-sol" not in catalog_for("0.169.0")
    assert catalog_for("0.171.0").get("gpt-6.2-sol").context_window == 500_000


def test_a_model_re_described_by_0_171():
    before, after = catalog_for("0.169.0").get("gpt-6-astra"), catalog_for("0.171.0").get("gpt-6-astra")
    assert before.description == "Frontier intelligence for the most demanding work."
    assert after.description == "Previous generation model for complex coding and professional work."
    assert before.facts[0][0].label == "bundled with Codex 0.169"
    assert after.facts[0][0].label == "bundled with Codex 0.171"


@pytest.mark.parametrize(
    "release, described_by",
    [("0.170.2", "0.169.0"), ("0.172.0", "0.171.0"), ("0.100.0", "0.169.0"), ("junk", "0.171.0")],
)
def test_an_unmeasured_release_uses_the_nearest_older_catalog(release, described_by):
    assert catalog_for(release) is catalog_for(described_by)


def test_bundled_catalogs_are_built_once_per_release():
    assert catalog_for("0.169.0") is catalog_for("0.169.0") and bundled() is catalog_for(KNOWN[-1])


def test_extraction_wants_exactly_one_catalog():
    entry = b'{"slug": "m", "visibility": "list", "priority": 2, "shell_type": "x"}'
    one = b"\x00\xffjunk" + CATALOG_START + b"\n    " + entry + b"\n  ]\n}\xff\xfe"  # not UTF-8 around it
    assert catalog_in_binary(one)["models"][0]["slug"] == "m"
    trimmed = {"default_model": "m", "models": [{"slug": "m", "visibility": "list", "priority": 2}]}
    assert json.loads(trimmed_catalog(one)) == trimmed
    with pytest.raises(ValueError, match="no bundled model catalog"):
        catalog_in_binary(b"nothing here")
    with pytest.raises(ValueError, match="more than one"):
        catalog_in_binary(one + one)
