"""The release under test is absorbed: ``scripts/sync-codex <its version>`` finds nothing -- feature flags
(``codex features list``), the bundled catalog, the default model and provider, every key the binary
suggests or we know, every enum key of ours -- that differs from our data for that release.

A difference listed in ``known-differences.toml`` with case ``release:<section>`` (``keys_added``,
``keys_removed``, ``enums``, ``features``, ``catalog``, ``defaults``) and ``key`` a glob over the key or
item xfails with its reason; such an entry that matches nothing any more fails as stale.
"""

from __future__ import annotations

import importlib.util
import sys

import ours
import pytest
import surface
from corpus import Disagreement, load_known, split_known
from harness import REPO
from oracle import Oracle

KNOWN = load_known()
SECTIONS = ("keys_added", "keys_removed", "enums", "features", "catalog", "defaults")
PROBE_BUDGET = 900.0  # seconds; cold, the probes take about two minutes on two cores


def _sync_module():
    spec = importlib.util.spec_from_file_location("sync_codex", REPO / "scripts" / "sync_codex.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["sync_codex"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def release_diff(oracle: Oracle):
    sync = _sync_module()
    found = surface.read_surface(oracle.sandbox, oracle.version, ours.vocabulary(oracle.version))
    diff = sync.Diff(oracle.version, oracle.sandbox.binary, found.sha256)
    sync.compare_data(oracle, found, diff)
    sync.compare_probed(oracle, found, sync.Deadline(PROBE_BUDGET), diff)
    return diff


@pytest.mark.parametrize("section", SECTIONS)
def test_release_data(section: str, release_diff) -> None:
    items = getattr(release_diff, section)
    diffs = [Disagreement(section, item.split(":")[0].lstrip("+-~ "), item) for item in items]
    known, new = split_known(f"release:{section}", diffs, KNOWN)
    stale = [k for k in KNOWN if k.case == f"release:{section}" and not any(k.matches(k.case, d) for d in diffs)]
    if stale:
        pytest.fail(
            "known differences that no longer occur (remove them from known-differences.toml): "
            + ", ".join(f"{k.kind} {k.key}" for k in stale),
            pytrace=False,
        )
    if new:
        pytest.fail(
            f"Codex {release_diff.release} {section} differ from our data "
            f"(run scripts/sync-codex {release_diff.release}):\n" + "\n".join(f"  {d.detail}" for d in new),
            pytrace=False,
        )
    if known:
        pytest.xfail("; ".join(sorted({f"{d.key}: {k.reason}" for d, k in known})))


def test_release_surface_was_read(release_diff) -> None:
    """The binary gave flags and a catalog at all (an empty surface would make the test above pass)."""
    assert any("feature flags of Codex" in line for line in release_diff.compared), release_diff.compared
    assert not any("no bundled catalog" in line for line in release_diff.incomplete), release_diff.incomplete
    assert not any("time budget" in line for line in release_diff.incomplete), release_diff.incomplete
