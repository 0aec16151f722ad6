"""The export read by the Open Contracting Partnership's own tool, ``ocdskit`` (pinned in
requirements-dev.txt): it recognises a release package, and merging our releases per ocid
(``ocdskit compile``, with the local 1.1.5 schema so no network is needed) gives compiled releases
that are valid OCDS and show each project as it stands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import RELEASE_SCHEMA, errors_of

pytest.importorskip("ocdskit")


def ocdskit(*args: str, stdin: bytes = b"") -> str:
    beside = Path(sys.executable).with_name("ocdskit")  # the virtualenv's own, whether or not it is on PATH
    executable = str(beside) if beside.exists() else shutil.which("ocdskit")
    assert executable, "ocdskit is not installed (requirements-dev.txt)"
    done = subprocess.run([executable, *args], input=stdin, capture_output=True, check=True, timeout=120)
    return done.stdout.decode("utf-8")


def test_ocdskit_detects_a_release_package(client, market, tmp_path):
    path = tmp_path / "ocds.json"
    path.write_bytes(client.get("/marketplace/ocds.json").content)
    assert "release package" in ocdskit("detect-format", str(path))


def test_ocdskit_compiles_the_releases_into_valid_compiled_releases(client, market, release_validator):
    data = client.get("/marketplace/ocds.json").content
    output = ocdskit("compile", "--schema", str(RELEASE_SCHEMA), stdin=data)
    compiled = {release["ocid"].removeprefix("ocds-gongkai-"): release for release in map(json.loads, output.splitlines())}
    assert set(compiled) == {p.number for p in (market.lottery, market.bidding, market.merit, market.direct,
                                                market.void, market.open)}
    for number, release in compiled.items():
        assert release["tag"] == ["compiled"]
        assert errors_of(release_validator, release) == [], number
    assert compiled[market.open.number]["tender"]["status"] == "active"
    assert compiled[market.void.number]["tender"]["status"] == "unsuccessful"
    bidding = compiled[market.bidding.number]
    assert bidding["tender"]["status"] == "complete" and bidding["awards"][0]["value"]["amount"] == 80000.0
    roles = {p["name"]: p["roles"] for p in bidding["parties"]}
    assert roles[market.bidding.selection.agency.name] == ["tenderer", "supplier"]
    assert roles[market.bidding.owner.name] == ["buyer", "procuringEntity"]
