"""A collection that grows: `add` reports, first-seen marks, permanent URLs, citation metadata.

Three digests are added one after another with overlapping papers (ids in several arXiv forms,
a paper that gains an id, a newer abstract); a broken digest is refused with file:line; every
URL of the first build still shows the same paper after the rebuild.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from pybtex.database import parse_string

from conftest import make_project
from generator.build import build
from generator.config import load_project
from test_incremental import seed_entries

SITE_URL = "https://example.org/digest/"


def record(entry, **extra) -> str:
    return json.dumps({"title": entry.title, "abstract": entry.abstract, **extra}) + "\n"


def add(folder: Path, file: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "-C", str(folder), "add", str(file)],
                          capture_output=True, text=True)


def titles(site: Path) -> dict[str, str]:
    """Each paper page's URL → the text of its heading."""
    found = {}
    for page in (site / "papers").rglob("index.html"):
        heading = re.search(r'<h1 class="ds-paper__title">(.*?)</h1>', page.read_text(), re.S).group(1)
        found[page.parent.relative_to(site).as_posix() + "/"] = heading
    return found


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("grown")
    e = seed_entries()
    first = "".join([record(e[0], id="2401.00001", authors=["Ann Lee", "Bo Chen"], date="2024-01-02"),
                     record(e[1], id="https://doi.org/10.1145/ABC.1"), record(e[2])] + [record(x) for x in e[3:12]])
    folder = make_project(tmp / "project", {"2026-11-01-first.jsonl": first})
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace('site_url: ""', f'site_url: "{SITE_URL}"'))
    build(load_project(folder))
    before = titles(folder / "site")

    second = tmp / "2026-11-02-second.jsonl"
    second.write_text("".join([record(e[0], id="arXiv:2401.00001v2", abstract=e[0].abstract + " Version 2."),
                               record(e[2], id="https://arxiv.org/abs/2401.00003")] + [record(x) for x in e[10:16]]))
    broken = tmp / "2026-11-03-third.jsonl"
    broken.write_text(record(e[20]) + json.dumps({"abstract": "no title here"}) + "\n")
    third = tmp / "2026-11-04-third.jsonl"
    third.write_text(record(e[0], id="https://arxiv.org/abs/2401.00001", abstract=e[0].abstract + " Version 3.")
                     + "".join(record(x) for x in e[14:20]))
    reports = [add(folder, second), add(folder, broken), add(folder, third)]
    log = build(load_project(folder)).problems
    return folder, before, reports + [log]


@pytest.mark.slow
def test_add_reports_new_known_and_rejected(grown):
    folder, _, (second, broken, third, _) = grown
    assert second.returncode == 0, second.stderr
    # known: e[0] by its arXiv id in another form, e[2] by title (it had no id), e[10] and e[11]
    assert "4 new, 4 already known, 0 rejected" in second.stderr
    assert broken.returncode == 1
    assert re.search(r"2026-11-03-third.jsonl:2: error: .*title", broken.stderr), broken.stderr
    assert "1 new, 0 already known, 1 rejected" in broken.stderr
    assert not (folder / "content/digests/2026-11-03-third.jsonl").exists()
    assert third.returncode == 0 and "4 new, 3 already known, 0 rejected" in third.stderr, third.stderr


@pytest.mark.slow
def test_every_earlier_url_still_shows_the_same_paper(grown):
    folder, before, _ = grown
    after = titles(folder / "site")
    assert len(after) == len(before) + 8
    assert {url: after.get(url) for url in before} == before


@pytest.mark.slow
def test_digest_pages_mark_new_papers_and_paper_pages_list_their_digests(grown):
    folder, _, _ = grown
    site = folder / "site"
    third = (site / "digests/2026-11-04-third/index.html").read_text()
    assert third.count('class="ds-new"') == 4 and "7 papers, 4 new" in third
    page = next(p for p in (site / "papers").rglob("index.html") if "2401.00001" in p.parent.name).read_text()
    for name in ("2026-11-01 · first", "2026-11-02 · second", "2026-11-04 · third"):
        assert name in page
    assert "first seen 2026-11-01" in page
    assert "Version 3." in page and "Version 2." not in page  # the newest record's text


@pytest.mark.slow
def test_the_build_log_says_which_record_gave_the_text(grown):
    *_, log = grown[2]
    notes = [str(p) for p in log if p.level == "note" and "in other topics now" not in p.message]  # (the model refitted)
    assert len(notes) == 1 and "2026-11-04-third.jsonl:1: note:" in notes[0]
    assert "2026-11-02-second.jsonl:1 (the newer record wins)" in notes[0]


@pytest.mark.slow
def test_citation_metadata_links_and_bib_files(grown):
    folder, _, _ = grown
    site = folder / "site"
    page = (site / "papers/2401.00001/index.html").read_text()
    assert '<meta name="citation_arxiv_id" content="2401.00001">' in page
    assert '<meta name="citation_author" content="Ann Lee">' in page
    assert '<meta name="citation_pdf_url" content="https://arxiv.org/pdf/2401.00001">' in page
    assert '<meta name="citation_publication_date" content="2024/01/02">' in page
    assert '<meta name="citation_public_url" content="https://arxiv.org/abs/2401.00001">' in page  # Zotero's URL
    assert f'<link rel="canonical" href="{SITE_URL}papers/2401.00001/">' in page
    assert f'<meta property="og:url" content="{SITE_URL}papers/2401.00001/">' in page
    assert 'href="https://arxiv.org/abs/2401.00001"' in page and 'href="https://arxiv.org/pdf/2401.00001"' in page
    article = page.split("<article", 1)[1]  # the id links to the abstract page: no second link to it
    assert article.count('href="https://arxiv.org/abs/2401.00001"') == 1 and "ds-badge--arxiv" not in article
    assert '<pre class="ds-bibtex"><code id="ds-bibtex">@misc{2401.00001,' in page  # digest-site.js adds Copy and Download
    doi_page = next(p for p in (site / "papers").rglob("index.html") if "10-1145" in p.parent.name).read_text()
    assert 'href="https://doi.org/10.1145/abc.1"' in doi_page
    papers = json.loads((site / "papers.json").read_text())
    bib = parse_string((site / "papers.bib").read_text(), "bibtex").entries
    assert sorted(bib) == sorted(p["slug"] for p in papers)
    assert bib["2401.00001"].fields["url"] == "https://arxiv.org/abs/2401.00001"
    for name in ("digests/2026-11-02-second.bib", f"topics/{papers[0]['topic_slugs'][0]}.bib"):
        assert parse_string((site / name).read_text(), "bibtex").entries


def test_a_build_says_which_pages_of_the_last_one_moved_or_are_gone(tmp_path):
    # the first record of a paper gives its URL: a digest dated before it (a backfilled day) moves
    # its page; a digest removed takes its papers' pages away. Neither may pass unsaid.
    abstract = "We study sparse widgets at scale. The results hold across settings."
    folder = make_project(tmp_path / "p", {
        "2024-05-02-arxiv.jsonl": record(SimpleNamespace(title="Sparse Widgets for Everyone", abstract=abstract),
                                         id="2405.01234"),
        "2024-05-03-other.txt": "Dense Gadgets Nowhere\nAn abstract long enough to be one. It has two sentences.\n"})
    build(load_project(folder))
    assert (folder / "site/papers/2405.01234/index.html").is_file()
    (folder / "content/digests/2024-04-20-trending.txt").write_text(f"Sparse Widgets for Everyone\n{abstract}\n")
    (folder / "content/digests/2024-05-03-other.txt").unlink()
    report = build(load_project(folder))
    moved = [p for p in report.problems if "page moved" in p.message]
    assert [(p.path.endswith("2024-04-20-trending.txt"), p.line, p.level) for p in moved] == [(True, 1, "warning")]
    assert "from papers/2405.01234/ to papers/sparse-widgets-for-everyone-" in moved[0].message
    gone = [p for p in report.problems if "paper page" in p.message and "gone" in p.message]
    assert len(gone) == 1 and "1 paper page of the last build gone (papers/dense-gadgets-nowhere-" in gone[0].message
    again = build(load_project(folder), full=True)  # said once: the last build's pages are these
    assert not [p for p in again.problems if "moved" in p.message or "gone" in p.message]


def test_an_alias_in_collection_yml_keeps_a_moved_papers_old_address(tmp_path):
    """A paper given its id in the record that first listed it moves to papers/ID/, and links to
    its old address broke, with no way to keep it but a MkDocs plugin. The warning says the line
    to add; with it, collection.yml's ``aliases`` makes a page at the old address that sends the
    reader on (its canonical link the paper's page), the move is said no more, and a full build
    makes the same page. An alias the build cannot keep is a warning at its line."""
    abstract = "We study sparse widgets at scale. The results hold across settings."
    digest = "content/digests/2024-05-02-arxiv.jsonl"
    folder = make_project(tmp_path / "p", {"2024-05-02-arxiv.jsonl": record(
        SimpleNamespace(title="Sparse Widgets for Everyone", abstract=abstract))})
    settings = folder / "content/collection.yml"
    settings.write_text(f"site_url: {SITE_URL}\n", encoding="utf-8")
    build(load_project(folder))
    old = next((folder / "site/papers").glob("sparse-widgets-for-everyone-*")).name
    shutil.copytree(folder, tmp_path / "before", symlinks=True)
    (folder / digest).write_text(record(SimpleNamespace(title="Sparse Widgets for Everyone", abstract=abstract),
                                        id="2405.01234"), encoding="utf-8")
    report = build(load_project(folder))
    moved = [p.message for p in report.problems if "page moved" in p.message]
    assert len(moved) == 1 and f"add 'papers/{old}/: 2405.01234' under 'aliases:' in collection.yml" in moved[0]
    assert not (folder / f"site/papers/{old}").exists()
    shutil.rmtree(folder)  # the id and the alias in one change instead
    shutil.move(tmp_path / "before", folder)
    (folder / digest).write_text(record(SimpleNamespace(title="Sparse Widgets for Everyone", abstract=abstract),
                                        id="2405.01234"), encoding="utf-8")
    settings.write_text(f"site_url: {SITE_URL}\naliases:\n  papers/{old}/: 2405.01234\n"
                        "  papers/gone-1234abcd/: No such paper\n  papers/2405.01234/: 2405.01234\n", encoding="utf-8")
    report = build(load_project(folder))
    page = (folder / f"site/papers/{old}/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../2405.01234/">' in page
    assert f'<link rel="canonical" href="{SITE_URL}papers/2405.01234/">' in page
    assert "This paper's page is now <a href=\"../2405.01234/\">Sparse Widgets for Everyone</a>" in page
    assert (folder / "site/papers/2405.01234/index.html").is_file()
    warned = sorted((p.line, p.message) for p in report.problems if "alias" in p.message)
    assert warned == [(4, "the alias 'papers/gone-1234abcd/' makes no page: no paper of the collection has the id, "
                          "title or slug 'No such paper'"),
                      (5, "the alias 'papers/2405.01234/' makes no page: papers/2405.01234/ is the page of "
                          "'Sparse Widgets for Everyone'")]
    assert all(p.path.endswith("collection.yml") for p in report.problems if "alias" in p.message)
    assert not [p for p in report.problems if "page moved" in p.message or "of the last build gone" in p.message]
    kept = (folder / "site").resolve()
    full = tmp_path / "full"
    full_report = build(load_project(folder, site_dir=full), full=True)
    assert (full / f"papers/{old}/index.html").read_bytes() == (kept / f"papers/{old}/index.html").read_bytes()
    assert f"{SITE_URL}papers/2405.01234/" in (full / "sitemap.xml").read_text(encoding="utf-8")  # (it lists pages)
    assert f"papers/{old}/" not in (full / "sitemap.xml").read_text(encoding="utf-8")
    assert full_report.papers == 1


def test_a_build_says_which_digest_pages_of_the_last_one_moved_or_are_gone(tmp_path):
    # a digest renamed months later (its file's name is its page's URL) or removed took its page
    # away unsaid: the build named the paper pages that went with it, never the digest's own
    two = "Dense Gadgets Nowhere\nAn abstract long enough to be one. It has two sentences.\n"
    folder = make_project(tmp_path / "p", {
        "2024-05-01-daily.txt": "Sparse Widgets for Everyone\nWe study sparse widgets at scale. It holds.\n",
        "2024-05-02-daily.txt": two,
        "2024-05-03-daily.txt": "Bright Gizmos Somewhere\nAn abstract long enough to be one. It has two.\n"})
    build(load_project(folder))
    digests = folder / "content/digests"
    (digests / "2024-05-02-daily.txt").rename(digests / "2024-05-02-arxiv.txt")
    (digests / "2024-05-03-daily.txt").unlink()
    report = build(load_project(folder))
    assert not (folder / "site/digests/2024-05-02-daily").exists()
    said = [(Path(p.path).name, p.line, p.level, p.message) for p in report.problems if "digest" in p.message
            and ("moved" in p.message or "gone" in p.message)]
    assert said == [
        ("2024-05-02-arxiv.txt", 1, "warning", "this digest's page moved from digests/2024-05-02-daily/ to "
         "digests/2024-05-02-arxiv/ (its file's name gives its URL): links to the old address break; to keep it, add "
         "'digests/2024-05-02-daily/: 2024-05-02-arxiv' under 'aliases:' in collection.yml"),
        ("digests", 0, "note", "1 digest page of the last build gone (digests/2024-05-03-daily/): its digest "
         "was removed, or renamed and changed; links to it break")]
    (digests / "2024-05-02-arxiv.txt").rename(digests / "2024-05-02-hf.txt")
    (digests / "2024-05-02-hf.txt").write_text(two + "Another Paper Entirely\nIts abstract, long enough. Two.\n")
    changed = build(load_project(folder))  # renamed and changed: no longer known as the same digest
    assert [p.message.split(":")[0] for p in changed.problems if "digest page" in p.message] == [
        "1 digest page of the last build gone (digests/2024-05-02-arxiv/)"]
    again = build(load_project(folder), full=True)  # said once: the last build's pages are these
    assert not [p for p in again.problems if "moved" in p.message or "gone" in p.message]


def test_an_alias_keeps_a_renamed_digests_pages_and_its_bib_file(tmp_path):
    """A digest file renamed moves its page, digests/NAME/, its numbered pages and its .bib file;
    the warning said to keep the old name or install MkDocs' redirects plugin. collection.yml's
    ``aliases`` keep them: a page at each old address (page 2 sends its reader to the new page 2),
    and a copy of the .bib file; the move is said no more, and a full build makes the same files."""
    papers = "".join(f"Paper number {i} on sparse widgets\nWe study widget {i} at scale. It holds.\n" for i in range(60))
    folder = make_project(tmp_path / "p", {"2024-05-02-daily.txt": papers})
    (folder / "content/collection.yml").write_text(f"site_url: {SITE_URL}\n", encoding="utf-8")
    build(load_project(folder))
    assert (folder / "site/digests/2024-05-02-daily/2/index.html").is_file()
    digests = folder / "content/digests"
    (digests / "2024-05-02-daily.txt").rename(digests / "2024-05-02-arxiv.txt")
    (folder / "content/collection.yml").write_text(
        f"site_url: {SITE_URL}\naliases:\n  digests/2024-05-02-daily/: 2024-05-02-arxiv\n"
        "  digests/2024-05-03-gone/: 2024-05-03-nothing\n", encoding="utf-8")
    report = build(load_project(folder))
    site = folder / "site"
    for old, new in (("2024-05-02-daily/index.html", "digests/2024-05-02-arxiv/"),
                     ("2024-05-02-daily/2/index.html", "digests/2024-05-02-arxiv/2/")):
        page = (site / "digests" / old).read_text(encoding="utf-8")
        url = re.search(r'content="0; url=([^"]+)"', page).group(1)
        assert (site / "digests" / old).parent.joinpath(url).resolve() == (site / new).resolve(), (old, url)
        assert (site / new / "index.html").is_file() and "This digest's page is now" in page
        assert f'rel="canonical" href="{SITE_URL}{new}"' in page
    bib = [p.name for p in (site / "digests").iterdir() if p.name.startswith("2024-05-02-arxiv.bib")]
    assert bib and all((site / "digests" / name.replace("arxiv", "daily")).read_bytes()
                       == (site / "digests" / name).read_bytes() for name in bib)
    assert [(p.line, p.message) for p in report.problems if "alias" in p.message or "moved" in p.message] == [
        (4, "the alias 'digests/2024-05-03-gone/' makes no page: no digest of the collection is named '2024-05-03-nothing'")]
    full = tmp_path / "full"
    build(load_project(folder, site_dir=full), full=True)
    for name in ("digests/2024-05-02-daily/index.html", "digests/2024-05-02-daily/2/index.html", f"digests/{bib[0].replace('arxiv', 'daily')}"):
        assert (full / name).read_bytes() == (site / name).read_bytes(), name


def test_a_build_says_which_topic_pages_and_feeds_of_the_last_one_are_gone(tmp_path):
    # suggested subtopics are made again when the topic model is refitted: at 700 daily digests,
    # removing an old digest replaced 86 of 202 topic pages, and the feeds readers subscribed to,
    # without a word; a topic renamed in topics.yml is the same to its readers
    folder = make_project(tmp_path / "p", {
        "2024-05-01-daily.txt": "Sparse Widgets for Robots\nWe study sparse widgets for robots at scale. It holds.\n"
                                "Dense Gadgets for Speech\nWe study dense gadgets for speech. It has two sentences.\n"}, topics=False)
    topics = folder / "content/topics.yml"
    topics.write_text("topics:\n- name: Robots\n  description: Robot papers.\n  keywords: [robots]\n"
                      "- name: Speech\n  description: Speech papers.\n  keywords: [speech]\n", encoding="utf-8")
    build(load_project(folder))
    assert (folder / "site/feeds/speech.xml").is_file()
    topics.write_text(topics.read_text(encoding="utf-8").replace("name: Speech", "name: Spoken language"), encoding="utf-8")
    report = build(load_project(folder))
    gone = [p for p in report.problems if "topic page" in p.message]
    assert [(p.path.endswith("content/topics.yml"), p.line, p.level) for p in gone] == [(True, 1, "note")]
    assert gone[0].message.startswith("1 topic page of the last build gone (topics/speech/), with its feed "
                                      "(feeds/speech.xml) and BibTeX file: a topic renamed or removed")
    assert not (folder / "site/feeds/speech.xml").exists()
    unchanged = build(load_project(folder))  # it said the last build's note again, "gone" since the one before
    assert unchanged.up_to_date and not [p for p in unchanged.problems if "gone" in p.message]
    again = build(load_project(folder), full=True)  # said once: the last build's pages are these
    assert not [p for p in again.problems if "gone" in p.message]
    topics.unlink()  # the topics suggested: the note named "content/topics.yml:1", which was not there, and its aliases
    suggested = [p for p in build(load_project(folder)).problems if "topic page" in p.message]
    assert [(Path(p.path).name, p.line) for p in suggested] == [("digests", 0)]
    assert suggested[0].message.replace(f"{folder}/", "").endswith(
        "without a topics file (content/topics.yml), topics are suggested from the papers, and the topic model was "
        "fitted again (the papers of its digests changed); links and feed subscriptions to them break: a topics file "
        "keeps topics and their addresses ('digest-site topics suggest > content/topics.yml' writes one to curate)")


def test_a_page_moved_is_said_after_an_upgrade_too(tmp_path, monkeypatch):
    # the last build's pages are a record of what was published, not a result the code derives:
    # a new version of digest-site (or of Python, or a library) must not drop it, or the first
    # build after an upgrade moves pages unsaid
    import generator.cache

    abstract = "We study sparse widgets at scale. The results hold across settings."
    folder = make_project(tmp_path / "p", {
        "2024-05-02-arxiv.jsonl": record(SimpleNamespace(title="Sparse Widgets for Everyone", abstract=abstract),
                                         id="2405.01234")})
    build(load_project(folder))
    monkeypatch.setattr(generator.cache, "code_fingerprint", lambda: "a later version")
    (folder / "content/digests/2024-04-20-trending.txt").write_text(f"Sparse Widgets for Everyone\n{abstract}\n")
    report = build(load_project(folder))
    moved = [p for p in report.problems if "moved" in p.message]
    assert [(p.path.endswith("2024-04-20-trending.txt"), p.level) for p in moved] == [(True, "warning")]


def test_the_first_build_after_an_earlier_versions_says_what_it_cannot_tell(tmp_path):
    # an earlier version recorded its paper pages alone: the upgrade's first build (a digest renamed, say)
    # said nothing of the digest page moved, of papers in other topics or of a changed site_url
    from generator.build import PUBLISHED
    from generator.cache import BuildCache
    folder = make_project(tmp_path / "p", {"2024-05-02-a.txt": "Sparse Widgets for Everyone\nWe study sparse "
                                           "widgets at scale. The results hold across settings.\n"})
    build(load_project(folder))
    history = BuildCache.of(folder).history()
    record = history.load(PUBLISHED)
    history.save(PUBLISHED, {page: found for page, found in record.items() if "/" not in page and "@" not in page})
    (folder / "content/digests/2024-05-02-a.txt").rename(folder / "content/digests/2024-05-02-b.txt")
    said = [str(p) for p in build(load_project(folder)).problems if "earlier version" in p.message]
    assert said == [f"{folder}/content/digests: note: the last build was made by an earlier version of digest-site, whose "
                    "record of the site it published holds no address nor digest pages nor papers' topics: what of those "
                    "this build changed (pages moved, feeds showing old papers as new) is not told this once"]
    assert not [p for p in build(load_project(folder), full=True).problems if "earlier version" in p.message]


def test_a_collection_whose_newest_digest_is_dated_by_a_year_alone_builds(tmp_path):
    # a digest named without a date has its newest paper's date, a BibTeX file's year: the
    # archive's months and the sitemap's date (SOURCE_DATE_EPOCH) both failed the build on "2019"
    folder = make_project(tmp_path / "p", {"reading-list.jsonl": json.dumps(
        {"title": "Old Robots Walk", "abstract": "An abstract long enough to be one. It has two sentences.",
         "date": "2019"}) + "\n"})
    build(load_project(folder))
    assert '<h2 id="m-2019">2019 ' in (folder / "site/archive/index.html").read_text(encoding="utf-8")


def test_the_home_page_lists_the_latest_digests_new_papers_first_and_marks_them(tmp_path):
    """A daily reader's home page showed the latest digest's first papers in its file's order,
    papers seen before among them (all 20 of them, for a file that listed old papers first), with
    no "New" mark and no count of the new ones; the archive gave each digest's papers alone."""
    abstract = "We study {} in depth. We propose a method for it and show that it works well."
    old = [f"Old paper {n}\n{abstract.format(f'topic {n}')}\n" for n in range(3)]
    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": "".join(old),
                                           "2024-01-02-b.txt": "".join(old) + f"Fresh paper\n{abstract.format('freshness')}\n"})
    build(load_project(folder))
    home = (folder / "site/index.html").read_text()
    cards = re.findall(r'<li>(<span class="ds-new">New</span> )?<a href="papers/[^"]+/">([^<]+)</a>', home)
    assert cards == [('<span class="ds-new">New</span> ', "Fresh paper"), ("", "Old paper 0"), ("", "Old paper 1"),
                     ("", "Old paper 2")]
    assert "4 papers, 1 new (first seen in this digest), listed first" in home
    (folder / "content/digests/2024-01-03-c.txt").write_text("".join(old))  # none new: not "0 new (first seen …)"
    build(load_project(folder))
    assert "3 papers, none new (all seen in earlier digests)" in (folder / "site/index.html").read_text()
    assert "3 papers, none new (all seen in earlier digests)" in (folder / "site/digests/2024-01-03-c/index.html").read_text()
    archive = (folder / "site/archive/index.html").read_text()
    assert "4 papers, 1 new</span>" in archive and "3 papers, 3 new</span>" in archive


def test_a_papers_pager_shows_which_digest_it_walks(tmp_path):
    """A paper listed again in a later digest walks that digest's papers: a reader going through the
    earlier digest paper by paper was taken into the later one, named only in the pager's aria-label."""
    abstract = "We study {} in depth. We propose a method for it and show that it works well."
    folder = make_project(tmp_path / "p", {"2024-01-01-a.txt": f"First paper\n{abstract.format('one')}\nSecond paper\n{abstract.format('two')}\n",
                                           "2024-01-02-b.txt": f"Second paper\n{abstract.format('two')}\nThird paper\n{abstract.format('three')}\n"})
    build(load_project(folder))
    papers = {p["title"]: p["url"] for p in json.loads((folder / "site/papers.json").read_text())}
    page = (folder / "site" / papers["Second paper"] / "index.html").read_text()
    assert '<p class="ds-pager__of">Papers of <a href="../../digests/2024-01-02-b/">2024-01-02 · b</a></p>' in page
    assert re.search(r'<a rel="(?:next|prev)" href="../[^"]+/">[^<]*Third paper', page)  # (the later digest's neighbour)
