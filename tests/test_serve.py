"""`digest-site serve`: a live preview that regenerates when a digest changes."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

pytestmark = pytest.mark.slow
PAPER = "{title}\nWe study {word} in depth. We propose a method for {word} and show it works well.\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def fetch_json(url: str):
    try:
        return json.loads(fetch(url) or "null")
    except ValueError:
        return None


class Preview:
    """A `digest-site serve` running on a free port: its ``base`` URL, and once stopped its output
    and exit code."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base, self.output, self.code = f"http://127.0.0.1:{self.port}/", "", None


@contextmanager
def serving(folder, **env: str):
    """A preview of ``folder`` (with ``env`` added to its environment), stopped by SIGTERM."""
    preview = Preview()
    server = subprocess.Popen([sys.executable, "-m", "generator", "-C", str(folder), "serve", "-a",
                               f"127.0.0.1:{preview.port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, **env})
    try:
        yield preview
    finally:
        server.terminate()
        preview.output = server.communicate(timeout=20)[0]
        preview.code = server.returncode


def wait_for(predicate, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


def test_serve_regenerates_when_a_digest_changes(project):
    digest = PAPER.format(title="Robots That Walk", word="walking") + PAPER.format(title="Models That Talk", word="talking")
    folder = project({"2024-01-01-a.txt": digest})
    with serving(folder) as preview:
        url = preview.base + "papers.json"
        first = wait_for(lambda: fetch_json(url))
        assert first and [p["title"] for p in first] == ["Robots That Walk", "Models That Talk"]
        path = folder / "content" / "digests" / "2024-01-01-a.txt"
        path.write_text(digest + PAPER.format(title="Agents That Plan", word="planning"))
        updated = wait_for(lambda: (p := fetch_json(url)) and len(p) == 3 and p)
        assert updated, "the preview did not pick up the new paper"
        assert "Agents That Plan" in [p["title"] for p in updated]
    assert "Traceback" not in preview.output, preview.output



def test_a_preview_stopped_by_sigterm_removes_its_site_and_says_so(project, tmp_path):
    """SIGTERM (`docker stop`, a process manager, an editor's stop button) stops it as Ctrl-C does:
    it ended the preview at once, which left its rendered site in the temporary folder each time
    (25 of them, up to 23 MB each, on one machine)."""
    folder = project({"2024-01-01-a.txt": PAPER.format(title="Robots That Walk", word="walking")})
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with serving(folder, TMPDIR=str(temporary)) as preview:
        assert wait_for(lambda: fetch_json(preview.base + "papers.json"))
        assert [p.name for p in temporary.iterdir() if p.name.startswith("digest-site-serve-")]
    assert preview.code == 0 and "digest-site: preview stopped" in preview.output, preview.output
    assert "Traceback" not in preview.output, preview.output
    assert list(temporary.iterdir()) == []


# --- clean errors, and the last good site kept (issue 10, items 12 and 13) -------------------

@pytest.mark.parametrize("address, message", [
    ("nonsense", "digest-site: error: --dev-addr 'nonsense': Must be a string of format 'IP:PORT'"),
    ("127.0.0.1:99999", "digest-site: error: --dev-addr '127.0.0.1:99999': the port must be 1 to 65535, got 99999"),
])
def test_a_bad_address_is_an_error_line(project, capsys, address, message):
    from generator.cli import main

    folder = project({"2024-01-01-a.txt": PAPER.format(title="Robots That Walk", word="walking")})
    assert main(["-C", str(folder), "serve", "-a", address]) == 1
    assert capsys.readouterr().err.strip() == message


def test_a_port_in_use_names_the_next_one(project, capsys):
    """Step 4 of the README names both `python3 -m http.server` and `digest-site serve`, each on
    port 8000: the second said "Address already in use" and no way on."""
    from generator.cli import main

    folder = project({"2024-01-01-a.txt": PAPER.format(title="Robots That Walk", word="walking")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["-C", str(folder), "serve", "-a", f"127.0.0.1:{port}"]) == 1
    err = capsys.readouterr().err
    assert (f"cannot serve on http://127.0.0.1:{port}/: Address already in use (another server is running there: "
            f"stop it, or give another port: digest-site serve -a 127.0.0.1:{port + 1})") in err, err


def test_serve_on_a_fresh_project_with_a_broken_digest_is_a_file_line_error(project, capsys):
    from generator.cli import main

    folder = project({"2024-01-01-a.txt": b"Title\n\0\n"})
    assert main(["-C", str(folder), "serve", "-a", f"127.0.0.1:{free_port()}"]) == 1
    err = capsys.readouterr().err
    assert "2024-01-01-a.txt:2: error: binary data" in err and "Traceback" not in err, err


@pytest.mark.parametrize("broken", ["theme", "mkdocs.yml"])
def test_a_broken_theme_or_config_while_serving_keeps_the_last_good_site(project, broken):
    folder = project({"2024-01-01-a.txt": PAPER.format(title="Robots That Walk", word="walking")})
    target = folder / ("site_templates/theme/main.html" if broken == "theme" else "mkdocs.yml")
    good = target.read_text(encoding="utf-8")
    with serving(folder) as preview:
        assert wait_for(lambda: fetch(preview.base)), "the preview never started"
        target.write_text(good + ("\n{% block broken %}\n" if broken == "theme" else "\nnav: [\n"), encoding="utf-8")
        time.sleep(3)  # the rebuild fails
        page = fetch(preview.base)
        assert page and "Robots That Walk" in page  # answered at once, with the last good site
        target.write_text(good, encoding="utf-8")
    assert "Traceback" not in preview.output and "preview keeps the last good site" in preview.output, preview.output


def test_serve_restyles_when_the_palette_partial_changes(project):
    """The palette partial is rendered by the generator into the site's one stylesheet: editing it
    (here it is added while serving, as a collection's first override is) must regenerate the
    stylesheet, not only re-render the pages (the preview kept the old colours)."""
    folder = project({"2024-01-01-a.txt": PAPER.format(title="Robots That Walk", word="walking")})
    partial = folder / "site_templates" / "theme" / "partials" / "ds-palette.html"
    default = partial.read_text(encoding="utf-8")
    partial.unlink()
    with serving(folder) as preview:
        url = preview.base + "assets/digest-site/digest-site.css"
        first = wait_for(lambda: fetch(url))
        assert first and "--lab-mark" not in first
        partial.write_text(default + ":root{--lab-mark:1}\n", encoding="utf-8")
        assert wait_for(lambda: "--lab-mark" in (fetch(url) or ""), 30), "the preview kept the old stylesheet"
    assert "Traceback" not in preview.output, preview.output


def test_serve_regenerates_when_mkdocs_yml_changes(project):
    """The generator reads mkdocs.yml too: turning use_directory_urls off while serving re-rendered
    the pages (MkDocs watches the file) but not the Markdown, whose every card linked `papers/SLUG/`
    where the site now held `papers/SLUG.html`: each link of the preview was a 404."""
    folder = project({"2024-01-01-a.txt": PAPER.format(title="Robots That Walk", word="walking")})
    config = folder / "mkdocs.yml"
    with serving(folder) as preview:
        assert wait_for(lambda: "robots-that-walk" in (fetch(preview.base) or "")), "the preview never started"
        config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8")
        linked = wait_for(lambda: (found := re.search(r'href="(papers/robots-that-walk[^"]*\.html)"',
                                                      fetch(preview.base + "index.html") or "")) and found.group(1), 30)
        assert linked, "the preview kept the directory URLs of the generated pages"
        assert wait_for(lambda: fetch(preview.base + linked), 30), f"{linked} is not served"
    assert "Traceback" not in preview.output, preview.output


def test_a_regeneration_shows_its_warnings_and_notes(tmp_path, caplog):
    """The preview showed a regeneration's errors only: a digest's warnings (a title without its
    abstract) and topics suggested for want of topics.yml went unsaid, where `build` names each.
    (`regenerate` is what serve runs on every change.)"""
    from generator.serve import regenerate
    from tests.conftest import make_project

    folder = make_project(tmp_path / "project", {"2024-01-01-a.txt": "Robots That Walk\n\n" + PAPER.format(
        title="Models That Talk", word="talking")}, topics=False)
    caplog.set_level("WARNING", logger="digest_site")
    assert regenerate(folder)
    shown = caplog.text
    assert "content/digests/2024-01-01-a.txt:1: warning: title has no abstract" in shown, shown
    assert "digest-site topics suggest > content/topics.yml" in shown, shown
    assert shown.index("title has no abstract") < shown.index("regenerated (")


def test_serve_says_where_it_serves_without_verbose(project):
    """Without -v, MkDocs' "Serving on URL" was hidden with its other INFO lines: the preview
    printed only "regenerated (0 written, 0 removed)", and not which address to open."""
    folder = project({"2024-01-01-a.txt": PAPER.format(title="Robots That Walk", word="walking")})
    with serving(folder) as preview:
        assert wait_for(lambda: fetch_json(preview.base + "papers.json"))
    assert f"Serving on {preview.base}" in preview.output, preview.output
    assert "Watching paths" not in preview.output, preview.output  # MkDocs' other INFO lines stay for -v


def published_at(project, site_url: str):
    """A project of one paper whose collection.yml sets ``site_url``."""
    folder = project({"2024-01-01-a.txt": PAPER.format(title="Robots That Walk", word="walking")})
    with (folder / "content" / "collection.yml").open("a", encoding="utf-8") as settings:
        settings.write(f'site_url: "{site_url}"\n')
    return folder


def test_a_site_published_on_a_sub_path_is_previewed_there(project):
    """With `site_url: https://owner.github.io/lab-papers/`, the preview served the site at `/`
    while its 404 page (whose links name the published path, as it must to work at any depth)
    linked `/lab-papers/assets/…`: a mistyped address showed an unstyled page whose every link was
    another 404. The preview serves at the site's path, as `mkdocs serve` does."""
    with serving(published_at(project, "https://owner.github.io/lab-papers/")) as preview:
        base = preview.base + "lab-papers/"
        assert wait_for(lambda: fetch_json(base + "papers.json")), "the site is not served at its path"
        assert "Robots That Walk" in (fetch(preview.base) or "")  # the server's root leads there
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "no/such/page/", timeout=5)
        page = missing.value.read().decode("utf-8")
        links = re.findall(r'(?:href|src)="(/[^"]*)"', page)
        assert "Page not found" in page and links, page
        for link in links:  # the stylesheet, the script, the favicon, the header's pages
            with urllib.request.urlopen(preview.base + link.lstrip("/"), timeout=5) as response:
                assert response.status == 200, link
    assert f"Serving on {base}" in preview.output, preview.output


def test_a_site_published_on_a_path_of_other_letters_is_previewed_there(project):
    """`site_url: https://example.org/café/` is kept percent-encoded (`/caf%C3%A9/`): the preview
    served the site at that text taken literally (`/caf%25C3%25A9/`), and its printed address and
    every page under it were 404."""
    with serving(published_at(project, "https://example.org/café/")) as preview:
        base = preview.base + "caf%C3%A9/"
        assert wait_for(lambda: fetch_json(base + "papers.json")), "the site is not served at its path"
        assert "Robots That Walk" in (fetch(base) or "")
        assert "Robots That Walk" in (fetch(preview.base) or "")  # the server's root leads there
