"""Plain-text digests copied from paper sites other than the seed's page: every paper kept,
no page chrome taken for a paper or glued into one, a list of titles read as titles.

The fixtures in ``tests/data/sources`` (``*-copied.txt``, ``reading-list-titles.txt``) were
written for these tests, in the shape copying each page in a browser gives.
"""

from __future__ import annotations

import json
import pathlib

import pytest

from generator.cli import main
from generator.readers import read_digest
from generator.readers.chrome import is_chrome

SOURCES = pathlib.Path(__file__).parent / "data" / "sources"
SEED = pathlib.Path(__file__).parent / "data" / "seed-digest.txt"
ABSTRACT = "We study a hard problem. We find that a simple method solves it well."


def read(name: str):
    return read_digest(SOURCES / name, display_path=name)


def write(tmp_path: pathlib.Path, name: str, text: str):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return read_digest(tmp_path / name, display_path=name)


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


HF_TITLES = ["Large Language Diffusion Models",
             "Step-Video-T2V Technical Report: The Practice, Challenges, and Future of Video Foundation Model",
             "SmolLM2: When Smol Goes Big -- Data-Centric Training of a Small Language Model",
             "Magma: A Foundation Model for Multimodal AI Agents"]


def test_hugging_face_trending_page_keeps_each_paper_and_drops_its_dates_counts_and_buttons():
    """Each card's "Published on …", "GitHub", "1.2k" and "arXiv Page" were read as papers of
    their own ("Published on Feb 14, 2025" with the abstract "GitHub")."""
    digest, problems = read("hf-trending-papers-copied.txt")
    assert problems == []
    assert sorted(e.title for e in digest.entries) == sorted(HF_TITLES)
    assert [e.source.line for e in digest.entries] == [6, 12, 18, 22]
    assert all(e.abstract.startswith(("Autoregressive", "We present", "While large")) for e in digest.entries)


def test_hugging_face_daily_page_is_its_titles_without_its_menu_submitters_and_counts():
    """The page's menu ("Models", "Datasets"), "Submitted by" and its user, upvotes, "· 9 authors"
    and comment counts were read as title and abstract pairs: 4 papers became 25."""
    digest, problems = read("hf-daily-papers-copied.txt")
    assert [e.title for e in digest.entries] == HF_TITLES
    assert [e.abstract for e in digest.entries] == [""] * 4
    assert messages(problems) == ["hf-daily-papers-copied.txt:26: warning: no line reads as an abstract: "
                                  "read as a list of 4 titles without abstracts"]


def test_a_reading_list_of_titles_is_titles_wrapped_ones_joined():
    """Each second title was read as the abstract of the one before, without a word; a title
    wrapped over two lines was two papers' halves (Windows line ends, blank lines between)."""
    digest, problems = read("reading-list-titles.txt")
    assert [(e.title, e.abstract, e.source.line) for e in digest.entries] == [
        ("Attention Is All You Need", "", 1),
        ("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", "", 3),
        ("Language Models are Few-Shot Learners", "", 6),
        ("Deep Residual Learning for Image Recognition", "", 9),
        ("Denoising Diffusion Probabilistic Models", "", 11),
    ]
    assert messages(problems) == ["reading-list-titles.txt:1: warning: no line reads as an abstract: "
                                  "read as a list of 5 titles without abstracts"]


def test_a_title_wrapped_after_a_word_it_cannot_end_with_is_one_title_before_its_abstract(tmp_path):
    text = f"Deep Residual Learning for\nImage Recognition\n{ABSTRACT}\nAnother Title\n{ABSTRACT}\n"
    digest, problems = write(tmp_path, "w.txt", text)
    assert problems == []
    assert [(e.title, e.abstract) for e in digest.entries] == [
        ("Deep Residual Learning for Image Recognition", ABSTRACT), ("Another Title", ABSTRACT)]


def test_a_list_of_titles_without_blank_lines_is_a_title_a_line(tmp_path):
    titles = ["Attention Is All You Need", "Language Models are Few-Shot Learners",
              "Training language models to follow instructions with human feedback"]
    digest, problems = write(tmp_path, "l.txt", "\n".join(titles) + "\n")
    assert [e.title for e in digest.entries] == titles
    assert messages(problems) == ["l.txt:1: warning: no line reads as an abstract: read as a list of 3 titles "
                                  "without abstracts"]


def test_a_title_ending_in_an_exclamation_mark_keeps_a_list_of_titles_one(tmp_path):
    # one "!" read the list as title and abstract pairs: two papers lost, two titles made abstracts
    titles = ["Attention Is All You Need!", "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
              "Deep Residual Learning for Image Recognition", "Denoising Diffusion Probabilistic Models"]
    digest, problems = write(tmp_path, "l.txt", "\n\n".join(titles) + "\n")
    assert [(e.title, e.abstract) for e in digest.entries] == [(title, "") for title in titles]


def test_two_lines_stay_a_title_and_its_short_abstract(tmp_path):
    digest, problems = write(tmp_path, "t.txt", "Graph Transformers\nA short note on graph transformers\n")
    assert [(e.title, e.abstract) for e in digest.entries] == [("Graph Transformers", "A short note on graph transformers")]


@pytest.mark.parametrize("line", ["145", "1.2k", "1,532", "· 27 authors", "8.27 stars / hour", "3 comments", "·",
                                  "Published on Feb 14, 2025", "Feb 17", "on Feb 17", "20 Feb 2025", "Upvote",
                                  "Submitted by akhaliq", "arXiv Page", "#1 Paper of the day",
                                  "Cited by 12 Related articles All 3 versions", "Save Cite"])
def test_chrome_lines(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", ["Code Llama: Open Foundation Models for Code", "Paper Copilot", "N/A",
                                  "GitHub Copilot Considered Harmful", "May the Force Be with You", "Mar 2024 Edition"])
def test_titles_and_abstracts_that_hold_chrome_words_are_no_chrome(line):
    assert not is_chrome(line)


def test_the_seed_has_no_chrome_line_but_its_subscribe_lines():
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines()[3:] if line.strip()]
    assert not [line for line in lines if is_chrome(line.strip())]


def test_a_google_scholar_alert_is_its_papers_with_their_authors_and_whole_snippets():
    """Each title ("[PDF] …") was paired with its byline, the snippet's wrapped lines made a
    paper of their own, and the buttons and footer more: 3 papers became 11, none right."""
    digest, problems = read("scholar-alert-copied.txt")
    assert problems == []
    assert [(e.title, e.source.line, e.id) for e in digest.entries] == [
        ("Large Language Diffusion Models", 2, ""), ("Magma: A Foundation Model for Multimodal AI Agents", 9, ""),
        (HF_TITLES[1], 19, "2502.10248")]  # the id Scholar names in full
    first = digest.entries[0]
    assert first.authors == ("S Nie", "F Zhu", "Z You", "X Zhang", "J Ou", "J Hu", "J Zhou")
    assert first.et_al  # Scholar's "J Zhou…": more authors than it names
    assert first.abstract == ("Autoregressive models (ARMs) are widely regarded as the cornerstone of large language "
                              "models (LLMs). We challenge this notion by introducing LLaDA, a diffusion model trained …")


NEWSLETTER = """Large Language Diffusion Models
Shen Nie, Fengqi Zhu, Zebin You, Xiaolu Zhang, Ji-Rong Wen, Chongxuan Li
Autoregressive models (ARMs) are widely regarded as the cornerstone of large language models. We challenge it.

Magma: A Foundation Model for Multimodal AI Agents
Jianwei Yang and Reuben Tan
We present Magma, a foundation model for multimodal AI agents. It plans and acts in the visual world.

Block Diffusion: Interpolating Between Autoregressive and Diffusion Language Models
Marianne Arriola, Aaron Gokaslan, Justin T Chiu, +4 authors Volodymyr Kuleshov
Block diffusion language models interpolate between discrete denoising diffusion and autoregressive models.
"""


def test_a_line_of_authors_under_each_title_gives_the_authors(tmp_path):
    """A newsletter's title, authors, abstract: the author line was read as a title and the
    real title left without abstract (three papers became six, half of them titled by names)."""
    digest, problems = write(tmp_path, "n.txt", NEWSLETTER)
    assert problems == []
    assert [(e.title, e.authors, e.abstract[:20]) for e in digest.entries] == [
        ("Large Language Diffusion Models",
         ("Shen Nie", "Fengqi Zhu", "Zebin You", "Xiaolu Zhang", "Ji-Rong Wen", "Chongxuan Li"), "Autoregressive model"),
        ("Magma: A Foundation Model for Multimodal AI Agents", ("Jianwei Yang", "Reuben Tan"), "We present Magma, a "),
        ("Block Diffusion: Interpolating Between Autoregressive and Diffusion Language Models",
         ("Marianne Arriola", "Aaron Gokaslan", "Justin T Chiu", "Volodymyr Kuleshov"), "Block diffusion lang"),
    ]
    assert [e.et_al for e in digest.entries] == [False, False, True]  # "+4 authors": not all named


def test_a_semantic_scholar_alert_drops_its_venue_and_tldr_labels(tmp_path):
    text = ("Semantic Scholar\nLarge Language Diffusion Models\nShen Nie, Fengqi Zhu, Zebin You, +5 authors Chongxuan Li\n"
            f"arXiv.org · 2025\nTLDR\n{ABSTRACT}\nSave\n"
            "Block Diffusion Language Models\nMarianne Arriola, Aaron Gokaslan, +4 authors Volodymyr Kuleshov\n"
            f"International Conference on Learning Representations · 2025\nTLDR\n{ABSTRACT}\nSave\n")
    digest, problems = write(tmp_path, "s2.txt", text)
    assert problems == []
    assert [(e.title, e.authors, e.abstract) for e in digest.entries] == [
        ("Large Language Diffusion Models", ("Shen Nie", "Fengqi Zhu", "Zebin You", "Chongxuan Li"), ABSTRACT),
        ("Block Diffusion Language Models", ("Marianne Arriola", "Aaron Gokaslan", "Volodymyr Kuleshov"), ABSTRACT)]
    assert [e.et_al for e in digest.entries] == [True, True]


@pytest.mark.parametrize("text", [
    # a title of capitalised phrases under an abstract is a title
    f"First Paper\n{ABSTRACT}\nLarge Language Models, Vision Transformers, and Graph Networks\n{ABSTRACT}\n",
    # two capitalised phrases under a title without abstract, above another title: not a byline
    f"First Paper\nDeep Nets, Wide Nets\nThird Paper: A Study\n{ABSTRACT}\n",
])
def test_capitalised_phrases_that_are_no_byline_stay_titles(tmp_path, text):
    digest, _ = write(tmp_path, "t.txt", text)
    phrase = text.splitlines()[2 if text.count(ABSTRACT) == 2 else 1]
    assert all(e.authors == () for e in digest.entries)
    assert any(phrase in (e.title, e.abstract) for e in digest.entries)


def test_a_wrapped_line_of_prose_goes_on_only_with_a_lower_case_word(tmp_path):
    """A title in sentence case, then a title starting with a lower-case name ("xLSTM"), stay two titles."""
    titles = ["Training language models to follow instructions with human feedback",
              "xLSTM: Extended Long Short-Term Memory", "mPLUG-Owl: Modularization Empowers Large Language Models"]
    digest, _ = write(tmp_path, "l.txt", "\n".join(titles) + "\n")
    assert [e.title for e in digest.entries] == titles


def test_a_copied_alert_builds_a_site_of_its_papers_and_authors(tmp_path):
    """Through `new` and the real build: the site's export lists the alert's three papers, each
    with its authors, and no page for its chrome."""
    assert main(["new", str(tmp_path / "c"), "--from", str(SOURCES / "scholar-alert-copied.txt")]) == 0
    assert main(["-C", str(tmp_path / "c"), "build"]) == 0
    papers = json.loads((tmp_path / "c/site/papers.json").read_text(encoding="utf-8"))
    assert sorted((p["title"], p["authors"][0]) for p in papers) == [
        ("Large Language Diffusion Models", "S Nie"), ("Magma: A Foundation Model for Multimodal AI Agents", "J Yang"),
        (HF_TITLES[1], "G Ma")]
    assert len(list((tmp_path / "c/site/papers").glob("*/index.html"))) == 3


def test_a_hugging_face_paper_page_is_one_paper_with_its_id_and_authors():
    """Copying a paper's page gave 14 papers ("Papers" / "arxiv:2502.09992", "Shen Nie" / ","…),
    and none had the id or the authors the page shows."""
    digest, problems = read("hf-paper-page-copied.txt")
    assert problems == []
    (paper,) = digest.entries
    assert (paper.title, paper.id, paper.source.line) == ("Large Language Diffusion Models", "2502.09992", 3)
    assert paper.authors == ("Shen Nie", "Fengqi Zhu", "Zebin You", "Chongxuan Li")
    assert paper.abstract.startswith("Autoregressive models (ARMs)") and paper.abstract.endswith("masked tokens.")


def test_a_numbered_list_of_titles_with_links_keeps_the_ids_off_the_titles():
    """"1. " was part of each title and the links were too ("Attention Is All You Need
    (https://arxiv.org/abs/1706.03762)"), and the list's heading was a paper."""
    digest, problems = read("reading-list-numbered-links.txt")
    assert [(e.title, e.id, e.url) for e in digest.entries] == [
        ("Attention Is All You Need", "1706.03762", "https://arxiv.org/abs/1706.03762"),
        ("Language Models are Few-Shot Learners", "2005.14165", ""),
        ("Deep Residual Learning for Image Recognition", "1512.03385", "https://arxiv.org/abs/1512.03385"),
        ("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", "10.18653/v1/n19-1423", ""),
        ("Denoising Diffusion Probabilistic Models", "", "")]
    assert digest.entries[3].extra_urls == ("https://doi.org/10.18653/v1/n19-1423",)
    assert messages(problems) == [
        "reading-list-numbered-links.txt:1: warning: above the list's first numbered or bulleted line: a heading, "
        "not a paper; ignored",
        "reading-list-numbered-links.txt:3: warning: no line reads as an abstract: read as a list of 5 titles without "
        "abstracts"]


def test_link_lines_under_a_title_or_an_abstract_are_the_paper_s(tmp_path):
    """A link line between a title and its abstract was read as the abstract, and every pair
    after it shifted; one under an abstract was an error ("a link or an id, not a title")."""
    text = (f"Large Language Diffusion Models\nhttps://arxiv.org/abs/2502.09992\n{ABSTRACT}\n"
            "Code: https://github.com/ML-GSAI/LLaDA\n\n"
            f"Magma: A Foundation Model for Multimodal AI Agents\n{ABSTRACT}\narXiv:2502.13130\n")
    digest, problems = write(tmp_path, "l.txt", text)
    assert problems == []
    assert [(e.title, e.abstract, e.id, e.url, e.extra_urls) for e in digest.entries] == [
        ("Large Language Diffusion Models", ABSTRACT, "2502.09992", "https://arxiv.org/abs/2502.09992",
         ("https://github.com/ML-GSAI/LLaDA",)),
        ("Magma: A Foundation Model for Multimodal AI Agents", ABSTRACT, "2502.13130", "", ())]


def test_a_link_ending_an_abstract_and_a_second_paper_s_id_stay_where_they_are(tmp_path):
    abstract = "We release a model. Code is at https://arxiv.org/abs/2502.09992"
    text = f"A Title\n{abstract}\narXiv:2401.00001\narXiv:2401.00002\n"
    digest, problems = write(tmp_path, "l.txt", text)
    assert [(e.title, e.abstract, e.id) for e in digest.entries] == [("A Title", abstract, "2401.00001")]
    assert [p.line for p in problems if p.is_error] == [4]  # one id a paper: the second is a line of its own


def test_papers_with_code_task_tags_are_no_paper_s_abstract():
    """Its repository line ("ml-gsai/llada") and date were read as a paper, and the two task tags
    under each abstract as another ("Language Modelling", abstract "Large Language Model"),
    silently. Where the abstracts read as prose, such a tag is no abstract: each is a title
    without abstract, a warning at its line, and every real paper keeps its abstract."""
    digest, problems = read("pwc-trending-copied.txt")
    papers = {e.title: e.abstract for e in digest.entries if e.abstract}
    assert list(papers) == ["Large Language Diffusion Models", "Qwen2.5-VL Technical Report"]
    assert papers["Qwen2.5-VL Technical Report"].startswith("We introduce Qwen2.5-VL")
    assert messages(problems) == [f"pwc-trending-copied.txt:{line}: warning: title has no abstract"
                                  for line in (15, 16, 27, 28)]


def test_an_arxiv_listing_without_authors_labels_keeps_names_out_of_titles():
    """A listing copied with its names on the line under "Title:" (no "Authors:") glued them to
    the title, "A Study of Things in Language Models Jane Doe, John Smith, Ann Lee", silently."""
    digest, problems = read("arxiv-list-new-copied.txt")
    assert [(e.title, e.authors, e.id) for e in digest.entries] == [
        ("A Study of Things in Language Models", ("Jane Doe", "John Smith", "Ann Lee"), "2401.00001"),
        ("Another Paper on Retrieval", ("Ann Lee",), "2401.00002")]
    assert messages(problems) == ["arxiv-list-new-copied.txt:1: warning: text outside a labelled paper (a paper "
                                  "starts with 'Title:'): ignored"]


def test_a_labelled_title_wrapped_after_a_word_it_cannot_end_with_stays_one_title(tmp_path):
    text = (f"arXiv:2401.00001\nTitle: Pre-training of Deep Bidirectional Transformers for\nLanguage Understanding\n"
            f"Authors: Ann Lee\nAbstract: {ABSTRACT}\n")
    (entry,) = write(tmp_path, "l.txt", text)[0].entries
    assert (entry.title, entry.authors) == (
        "Pre-training of Deep Bidirectional Transformers for Language Understanding", ("Ann Lee",))


def test_an_arxiv_abstract_page_is_its_paper():
    """Copying a paper's arXiv page gave 17 papers of its breadcrumb, dates, buttons and fields
    ("Computer Science > Computation and Language" / "arXiv:2502.09992 (cs)"), the abstract with
    "Abstract:" glued on, and its bottom (history, browse links, tools), none of them the paper."""
    digest, problems = read("arxiv-abs-page-copied.txt")
    assert problems == []
    (paper,) = digest.entries
    assert (paper.title, paper.id, paper.source.line) == ("Large Language Diffusion Models", "2502.09992", 4)
    assert paper.authors[:2] == ("Shen Nie", "Fengqi Zhu") and len(paper.authors) == 10
    assert paper.abstract.startswith("Autoregressive models (ARMs)") and paper.abstract.endswith("(SFT) paradigm.")


def test_an_arxiv_abstract_page_of_one_author(tmp_path):
    """One name between the title and the labelled abstract is the author, not a paper's title."""
    text = (f"Computer Science > Machine Learning\narXiv:2401.00001 (cs)\n[Submitted on 3 Jan 2024]\n"
            f"A Single Author Paper\nAnn Lee\nView PDF\nAbstract:{ABSTRACT}\nSubjects:\tMachine Learning (cs.LG)\n")
    digest, problems = write(tmp_path, "a.txt", text)
    assert problems == []
    assert [(e.title, e.authors, e.abstract, e.id) for e in digest.entries] == [
        ("A Single Author Paper", ("Ann Lee",), ABSTRACT, "2401.00001")]


def test_abstract_inside_a_line_is_the_line_s_text(tmp_path):
    """Only a line's leading "Abstract:" is a label: the word later in an abstract stays."""
    abstract = "We study labels. The Abstract: field of a form is read as text."
    (entry,) = write(tmp_path, "a.txt", f"A Title\n{abstract}\n")[0].entries
    assert entry.abstract == abstract


def test_alphaxiv_s_explore_page_keeps_its_papers_without_their_topic_tags():
    """The "#diffusion-models" / "#large-language-models" lines under each abstract were a paper."""
    digest, problems = read("alphaxiv-explore-copied.txt")
    assert problems == []
    assert [(e.title, e.abstract[:14]) for e in digest.entries] == [
        ("Large Language Diffusion Models", "Autoregressive"), ("Magma: A Foundation Model for Multimodal AI Agents",
                                                               "We present Mag")]


def test_two_titles_in_title_case_are_two_papers(tmp_path):
    """A Hugging Face daily page of two papers, as Firefox copies it (the submitter on one line,
    the names under the first title): the second title was the first one's abstract."""
    text = ("Daily Papers\nFeb 17\nSubmitted by akhaliq\n145\nLarge Language Diffusion Models\n"
            "Shen Nie, Fengqi Zhu, Zebin You, Xiaolu Zhang\n · 9 authors\n7\nSubmitted by nielsr\n88\n"
            "Magma: A Foundation Model for Multimodal AI Agents\n · 15 authors\n0\n")
    digest, problems = write(tmp_path, "d.txt", text)
    assert [(e.title, e.abstract, len(e.authors)) for e in digest.entries] == [
        ("Large Language Diffusion Models", "", 4), ("Magma: A Foundation Model for Multimodal AI Agents", "", 0)]
    assert messages(problems) == ["d.txt:5: warning: no line reads as an abstract: read as a list of 2 titles without "
                                  "abstracts"]


@pytest.mark.parametrize("name, dates", [
    ("hf-trending-papers-copied.txt", ["2025-02-14", "2025-02-18", "2025-02-04", "2025-02-14"]),
    ("alphaxiv-explore-copied.txt", ["2025-02-14", "2025-02-18"]),
    ("hf-daily-papers-copied.txt", [""] * 4),  # the page's "Feb 17", before its papers, names no year
])
def test_a_card_s_date_is_its_paper_s(name, dates):
    """"Published on Feb 14, 2025" under a card's abstract, or "14 Feb 2025" under its title, was
    dropped with the chrome: the paper had no date, though the page showed it."""
    assert [e.date for e in read(name)[0].entries] == dates


@pytest.mark.parametrize("notes", [
    ["introduces the transformer", "bidirectional encoder pretraining", "scaling makes few-shot learning work"],
    ["Introduces the transformer", "Bidirectional encoder pretraining", "Scaling makes few-shot learning work"],
])
def test_titles_each_with_a_short_note_stay_papers_with_their_notes(tmp_path, notes):
    """A hand-typed list of titles, each with a short note under it, is no list of titles alone."""
    titles = ["Attention Is All You Need", "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
              "Language Models are Few-Shot Learners"]
    digest, problems = write(tmp_path, "n.txt", "".join(f"{t}\n{n}\n" for t, n in zip(titles, notes)))
    assert problems == []
    assert [(e.title, e.abstract) for e in digest.entries] == list(zip(titles, notes))


def test_an_abstract_starting_in_lower_case_is_not_joined_to_a_sentence_case_title(tmp_path):
    """A title in sentence case over an abstract starting with a lower-case word: two lines, a
    paper, not one title (the prose wraps an alert's snippet is joined over are under a byline)."""
    title = "Training language models to follow instructions with human feedback"
    abstract = "we fine-tune GPT-3 with human feedback. It follows instructions better."
    digest, problems = write(tmp_path, "s.txt", f"{title}\n{abstract}\nSecond Paper Title\n{ABSTRACT}\n")
    assert problems == []
    assert [(e.title, e.abstract) for e in digest.entries] == [(title, abstract), ("Second Paper Title", ABSTRACT)]


def test_notes_bulleted_under_titles_lose_no_title(tmp_path):
    """Bullets on the notes, not the titles: no line is a heading (the first title was dropped)."""
    text = f"First Paper Title\n- {ABSTRACT}\nSecond Paper Title\n- {ABSTRACT}\n"
    digest, problems = write(tmp_path, "b.txt", text)
    assert problems == []
    assert [(e.title, e.abstract) for e in digest.entries] == [("First Paper Title", ABSTRACT),
                                                                ("Second Paper Title", ABSTRACT)]


def test_a_google_scholar_results_page_is_its_results():
    """Each result's "[PDF] arxiv.org" file link was a title, and "Save Cite Cited by 150000 Related
    articles All 70 versions" an abstract: 2 results became 4 papers, none right."""
    digest, problems = read("scholar-search-copied.txt")
    assert problems == []
    assert [(e.title, e.authors[:2], e.abstract[-30:]) for e in digest.entries] == [
        ("Attention is all you need", ("A Vaswani", "N Shazeer"), "The best performing models also connect …"[-30:]),
        ("Bert: Pre-training of deep bidirectional transformers for language understanding", ("J Devlin", "MW Chang"),
         "transformers. Unlike recent language …"[-30:])]
