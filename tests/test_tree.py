"""The tree's own bookkeeping: complete locations, their order, and tables told apart after dropped values."""

from __future__ import annotations

from codex_config_lsp.syntax import parse
from codex_config_lsp.tree import Located, build

EVERY_KIND = """\
top = "x"
bad = @
a.b.c = 1
arr = [1, [2, { n = 3 }], { m = [4] }]
broken = [1, @]
inline = { p.q = 1, r = [] }

[t.u]
v = true

[[items]]
w = 1
[[items]]
[items.sub]
x = 2
"""


def test_every_location_has_every_field_and_its_own_path():
    # The builder fills some Locateds in field by field (for speed): a new field must be filled there too.
    tree = build(parse(EVERY_KIND))
    assert len(tree.locations) > 20
    for path, located in tree.locations.items():
        assert located.path == path
        assert located == Located(located.path, located.key, located.value, located.header)
        assert hash(located) == hash(Located(located.path, located.key, located.value, located.header))


def test_nested_locations_come_before_their_key_and_after_their_array_item():
    tree = build(parse("a = [{ b = [1] }]\nc = 2\n"))
    assert list(tree.locations) == [("a", 0), ("a", 0, "b", 0), ("a", 0, "b"), ("a",), ("c",)]


def test_what_a_location_holds():
    tree = build(parse(EVERY_KIND))
    assert tree.locations[("top",)].string == "x"
    assert tree.locations[("a", "b")].value is None and tree.locations[("a", "b")].header is None
    assert tree.locations[("arr", 1, 1)].key is None
    assert tree.locations[("t",)].header is tree.locations[("t", "u")].header is not None
    assert tree.locations[("items",)].header is tree.locations[("items", 0)].header
    assert tree.locations[("items", 1)].header is not tree.locations[("items", 0)].header
    assert "bad" not in tree.data and "broken" not in tree.data and ("broken", 0) in tree.locations
    assert tree.data["items"] == [{"w": 1}, {"sub": {"x": 2}}]


def test_tables_are_told_apart_after_many_dropped_values():
    # Arrays left out of the data free their inline tables; tables made afterwards
    # (perhaps at the same addresses) must still be known for what they are.
    lines = []
    for i in range(200):
        lines += [f"dropped{i} = [{{ a = {{ b = 1 }} }}, @]", f"inline{i} = {{ c = 1 }}", f"inline{i}.d = 1"]
    for i in range(200):
        lines += [f"[inline{i}.e]", f"[dotted{i}]", f"x.y = {i}", f"[dotted{i}.x]", f"[table{i}]", f"[table{i}]"]
    problems = build(parse("\n".join(lines) + "\n")).problems
    messages = [problem.message.split(" (first")[0] for problem in problems]
    assert len(problems) == 800
    for i in range(200):
        assert f"`inline{i}` is already an inline table" in messages
        assert f"`inline{i}` is already set to a value" in messages
        assert f"Table `[dotted{i}.x]` is already defined by dotted keys" in messages
        assert f"Table `[table{i}]` is already defined by another header" in messages
