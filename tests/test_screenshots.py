"""The README shows every screenshot bench/screenshots.py takes, and each file is there."""

from __future__ import annotations

from conftest import ROOT


def test_the_readme_shows_every_screenshot():
    from bench.screenshots import OUT, SHOTS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, *_ in SHOTS:
        assert f"{OUT.name}/{name}" in readme, name
        assert (OUT / name).is_file() and (OUT / name).stat().st_size > 10_000, name
