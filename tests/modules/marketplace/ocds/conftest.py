"""OCDS tests: the official OCDS 1.1.5 schemas kept in the module, a validator built on them, and the
marketplace of the public-page tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.modules.marketplace.public.conftest import many_projects, market  # noqa: F401 - shared fixtures

SCHEMA_DIR = Path(__file__).resolve().parents[4] / "modules" / "marketplace" / "ocds" / "schema"
RELEASE_SCHEMA = SCHEMA_DIR / "release-schema.json"
PACKAGE_SCHEMA = SCHEMA_DIR / "release-package-schema.json"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def validators() -> tuple[Draft4Validator, Draft4Validator]:
    """Draft 4 validators of a release package and of one release, with format checking; the package
    schema's reference to the release schema URL resolves to the local file (no network)."""
    release, package = _load(RELEASE_SCHEMA), _load(PACKAGE_SCHEMA)
    registry = Registry().with_resource(release["id"], Resource(release, specification=DRAFT4))
    checker = Draft4Validator.FORMAT_CHECKER
    return (Draft4Validator(package, registry=registry, format_checker=checker),
            Draft4Validator(release, format_checker=checker))


def errors_of(validator: Draft4Validator, data: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.fixture(scope="session")
def package_validator() -> Draft4Validator:
    return validators()[0]


@pytest.fixture(scope="session")
def release_validator() -> Draft4Validator:
    return validators()[1]
