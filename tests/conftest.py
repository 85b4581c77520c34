"""Shared fixtures: the seed plan and its exported workbooks (made once per session)."""

from __future__ import annotations

import os
import shutil

import pytest

from planbook.plans import seed_plan as _seed_plan


@pytest.fixture(scope="session")
def seed_plan():
    return _seed_plan()


@pytest.fixture(scope="session")
def plan(seed_plan):
    """The seed plan (tests of a synthetic plan define their own ``plan``)."""
    return seed_plan


@pytest.fixture(scope="session")
def exported(seed_plan, tmp_path_factory):
    """The seed exported for 2023Q2: an ExportResult (master + 50 agency workbooks)."""
    from planbook.workbooks import export

    return export(seed_plan, "2023Q2", tmp_path_factory.mktemp("export"), jobs=1)


def pytest_collection_modifyitems(config, items):
    """LibreOffice tests skip without soffice, except in CI, where they must run."""
    if shutil.which("soffice"):
        return
    if os.environ.get("CI", "").lower() == "true":
        return  # let them fail loudly: CI must render
    skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)
