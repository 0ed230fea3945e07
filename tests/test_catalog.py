"""The bundled catalog matches its source, and user catalogs extend it safely."""

from __future__ import annotations

import json
import os

import pytest
from codex_config_lsp.catalog import CatalogError, bundled, catalog_with, load_user_catalog

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
    assert bundled().suggest("gpt-5.4-mni")[0] == "gpt-5.4-mini"
    assert bundled().suggest("zzzz") == []


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
    (model,) = load_user_catalog(path)
    assert model.hidden and model.availability.api is False and model.reasoning_efforts == ("low",)


def test_a_user_model_overrides_the_bundled_one(tmp_path):
    path = tmp_path / "models.json"
    path.write_text(json.dumps([{"slug": "gpt-5.5", "description": "ours", "tier": "recommended"}]), encoding="utf-8")
    catalog, error = catalog_with(path)
    assert error is None and catalog.get("gpt-5.5").description == "ours"


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
    path = tmp_path / "models.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogError, match=reason):
        load_user_catalog(path)
    catalog, error = catalog_with(path)
    assert catalog is bundled() and "\n" not in error


def test_a_missing_catalog_file_is_an_error_not_a_crash(tmp_path):
    catalog, error = catalog_with(tmp_path / "nope.json")
    assert catalog is bundled() and "cannot read" in error


def test_a_catalog_file_is_read_again_when_it_changes(tmp_path):
    path = tmp_path / "models.json"
    path.write_text('{"models": [{"slug": "first"}]}', encoding="utf-8")
    assert [m.slug for m in load_user_catalog(path)] == ["first"]
    path.write_text('{"models": [{"slug": "second-model"}]}', encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime even on a coarse clock
    assert [m.slug for m in load_user_catalog(path)] == ["second-model"]
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CatalogError, match="not JSON"):
        load_user_catalog(path)
