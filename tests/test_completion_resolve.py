"""completionItem/resolve: documentation left out of the list for clients that resolve it, over stdio."""

from __future__ import annotations

import json

import pytest
from rpc import Client

URI = "file:///w/codex-home/config.toml"
TEXT = 'model = ""\n[tui]\n\n[model_providers.openai]\nname = "mine"\n[profiles.x]\nmodel_provider = ""\n'
MODEL_VALUE = {"line": 0, "character": 9}
TUI_KEYS = {"line": 2, "character": 0}
PROVIDER_VALUE = {"line": 6, "character": 18}  # "openai" is defined here and built in: two items, one label
RESOLVING = {"resolveSupport": {"properties": ["documentation", "detail", "additionalTextEdits"]}}


def started(markdown: bool, resolves: bool) -> Client:
    item: dict = {"snippetSupport": True, "documentationFormat": ["markdown", "plaintext"] if markdown else []}
    if resolves:
        item.update(RESOLVING)
    client = Client()
    capabilities = {"textDocument": {"completion": {"completionItem": item}}}
    answer = client.request("initialize", {"processId": None, "rootUri": None, "capabilities": capabilities})
    assert answer["result"]["capabilities"]["completionProvider"]["resolveProvider"] is True
    client.notify("initialized", {})
    opened = {"uri": URI, "languageId": "toml", "version": 1, "text": TEXT}
    client.notify("textDocument/didOpen", {"textDocument": opened})
    return client


def complete(client: Client, position: dict) -> list[dict]:
    return client.request("textDocument/completion", {"textDocument": {"uri": URI}, "position": position})["result"][
        "items"
    ]


def resolve(client: Client, item: dict) -> dict:
    answer = client.request("completionItem/resolve", item)
    assert "error" not in answer, answer
    return answer["result"]


@pytest.fixture(scope="module", params=[True, False], ids=["markdown", "plaintext"])
def pair(request):
    """A client that resolves documentation and one that does not, with the same formats."""
    lazy, inline = started(request.param, resolves=True), started(request.param, resolves=False)
    yield lazy, inline
    lazy.close()
    inline.close()


@pytest.mark.parametrize("position", [MODEL_VALUE, TUI_KEYS, PROVIDER_VALUE], ids=["models", "keys", "providers"])
def test_resolve_gives_each_item_the_documentation_the_list_carries_for_other_clients(pair, position):
    lazy, inline = pair
    listed, full = complete(lazy, position), complete(inline, position)
    assert [item["label"] for item in listed] == [item["label"] for item in full]
    assert sum("documentation" in item for item in full) >= 2
    for short, whole in zip(listed, full, strict=True):
        assert "documentation" not in short and "data" not in whole  # the inline list is as it was
        rest = {key: value for key, value in whole.items() if key != "documentation"}
        assert {key: value for key, value in short.items() if key != "data"} == rest  # only the documentation waits
        resolved = resolve(lazy, short)
        assert resolved.get("documentation") == whole.get("documentation")
        assert {key: value for key, value in resolved.items() if key != "documentation"} == short


def test_the_model_list_is_much_smaller_without_the_documentation(pair):
    lazy, inline = pair
    assert len(json.dumps(complete(lazy, MODEL_VALUE))) < 0.6 * len(json.dumps(complete(inline, MODEL_VALUE)))


@pytest.mark.parametrize(
    "data",
    [
        "garbage",
        [1, 2],
        {"uri": URI},
        {"uri": URI, "line": -1, "character": 9, "item": 0},
        {"uri": URI, "line": 0, "character": 9, "item": 10**6},
        {"uri": URI, "line": 0, "character": "9", "item": 0},
        {"uri": URI, "line": 0, "character": 9, "item": 1.5},
        {"uri": URI, "line": 0, "character": 9, "item": True},
        {"uri": URI, "line": 2**40, "character": 2**40, "item": 0},
        {"uri": "file:///not/open.toml", "line": 0, "character": 9, "item": 0},
        {"uri": 7, "line": 0, "character": 9, "item": 0},
    ],
)
def test_foreign_or_broken_data_gets_the_item_back_unchanged(pair, data):
    lazy, _ = pair
    item = {"label": "gpt-5.5", "kind": 12, "data": data}
    assert resolve(lazy, item) == item
    bare = {"label": "gpt-5.5", "kind": 12}  # no data at all
    assert resolve(lazy, bare) == bare


def test_an_item_of_another_list_is_not_given_a_stranger_s_documentation(pair):
    lazy, _ = pair
    first = complete(lazy, MODEL_VALUE)[0]
    keys = complete(lazy, TUI_KEYS)
    swapped = {**first, "data": keys[0]["data"]}  # a model's label, a key's place: they do not match
    assert resolve(lazy, swapped) == swapped


def test_a_list_asked_before_an_edit_is_resolved_in_the_edited_text_or_left_alone():
    client = started(markdown=True, resolves=True)
    try:
        listed = complete(client, MODEL_VALUE)
        model = next(item for item in listed if item["label"] == "gpt-5.5")
        typed = {"range": {"start": MODEL_VALUE, "end": MODEL_VALUE}, "text": "g"}  # the user types on
        client.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [typed]})
        assert "gpt-5.5" in resolve(client, model)["documentation"]["value"]  # still offered there
        moved = {"text": "\n\n" + TEXT}  # the place of the list is now an empty line: no model there
        client.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 3}, "contentChanges": [moved]})
        assert resolve(client, model) == model
        client.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        assert resolve(client, model) == model
    finally:
        client.close()


@pytest.mark.parametrize("position", [MODEL_VALUE, TUI_KEYS, PROVIDER_VALUE], ids=["models", "keys", "providers"])
def test_completion_lists_are_sent_in_the_shape_lsprotocol_reads(pair, position):
    # The list is written as JSON by hand (protocol.JsonAnswer), not by lsprotocol's converter: reading it
    # back as a CompletionList and writing it again must give the same JSON (a misspelled or mistyped
    # field would be dropped or refused on the way).
    from lsprotocol import converters, types

    converter = converters.get_converter()
    for client in pair:
        sent = client.request("textDocument/completion", {"textDocument": {"uri": URI}, "position": position})
        listed = sent["result"]
        assert converter.unstructure(converter.structure(listed, types.CompletionList)) == listed
