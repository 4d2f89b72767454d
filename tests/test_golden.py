"""Golden files: the Markdown, papers.json and search documents generated for a small fixture.

After an intended change, regenerate them with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff like code.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import make_project

FIXTURE = Path(__file__).parent / "fixtures" / "golden"
EXPECTED = FIXTURE / "expected"
COMPARED = (".md", ".json")
SEARCH = "assets/digest-site/search/"  # the search index's files: tests/test_search_*.py check them


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, bytes]:
    from generator.build import BuildReport, generate
    from generator.config import load_project

    folder = make_project(tmp_path_factory.mktemp("golden") / "project", topics=False)
    shutil.copytree(FIXTURE / "content", folder / "content", dirs_exist_ok=True)
    files = generate(load_project(folder), BuildReport()).files
    return {path: data for path, data in files.items() if path.endswith(COMPARED) and not path.startswith(SEARCH)}


def test_generated_files_match_the_golden_files(generated):
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for path, data in generated.items():
            (EXPECTED / path).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / path).write_bytes(data)
    expected = {p.relative_to(EXPECTED).as_posix(): p.read_bytes() for p in EXPECTED.rglob("*") if p.is_file()}
    assert sorted(generated) == sorted(expected)
    for path, data in generated.items():
        assert data.decode("utf-8") == expected[path].decode("utf-8"), path
