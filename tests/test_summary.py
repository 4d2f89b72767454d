"""One-sentence summaries for listings."""

from __future__ import annotations

import pytest

from generator.summary import MAX_CHARS, split_sentences, summarize


def test_the_contribution_sentence_is_chosen_over_opening_context():
    abstract = ("Robots struggle with deformable objects. However, existing methods need many demonstrations. "
                "In this work, we propose FoldNet, a policy that folds cloth from five demonstrations. "
                "We show that FoldNet beats prior work.")
    assert summarize(abstract) == "We propose FoldNet, a policy that folds cloth from five demonstrations."


@pytest.mark.parametrize("statement", [
    "We introduce X, a benchmark for Y.",
    "This paper presents X, a benchmark for Y.",
    "An empirical study of X is presented.",
])
def test_common_ways_of_stating_a_contribution(statement):
    abstract = f"Large models are popular. Recent work studies them a lot. {statement} Results are good."
    assert summarize(abstract) == statement


@pytest.mark.parametrize("sentence, shown", [
    ("In this paper, we propose X for Y.", "We propose X for Y."),
    ("In this work we introduce X.", "We introduce X."),
    ("Here, we develop X for Y.", "We develop X for Y."),
    ("To address this gap, we propose X.", "We propose X."),
    ("To this end, in this work, we build X.", "We build X."),
    ("To tackle the lack of labels, we further propose X.", "We further propose X."),
    ("Therefore, this paper presents X.", "This paper presents X."),
])
def test_boilerplate_openings_are_dropped(sentence, shown):
    assert summarize(f"Large models are popular. {sentence} Results are good.") == shown


def test_a_sentence_leaning_on_unseen_text_loses_to_one_that_stands_alone():
    abstract = ("Robots drop things. We propose a method that closes this gap. "
                "We introduce GripNet, a gripper policy trained on 1,000 grasps.")
    assert summarize(abstract) == "We introduce GripNet, a gripper policy trained on 1,000 grasps."
    leaning = "We propose a method that closes this gap. It works on real robots."
    assert summarize(leaning) == "We propose a method that closes this gap."  # every sentence leans: the strongest


def test_a_lowercase_start_is_kept_unless_an_opening_was_dropped():
    assert summarize("iPhones are phones.") == "iPhones are phones."


def test_a_stronger_statement_beats_an_earlier_weaker_one():
    abstract = "We find that models forget. We propose a memory module that stops forgetting."
    assert summarize(abstract) == "We propose a memory module that stops forgetting."


def test_the_first_sentence_is_kept_when_it_states_the_contribution():
    abstract = "We present a dataset of 10,000 robot grasps. It covers 50 objects. We release it."
    assert summarize(abstract) == "We present a dataset of 10,000 robot grasps."


def test_without_any_statement_the_first_sentence_that_is_not_context():
    abstract = "Recently, models grew. A model of glaciers predicts melt. It is accurate."
    assert summarize(abstract) == "A model of glaciers predicts melt."


@pytest.mark.parametrize("text, count", [
    ("Models, e.g. Transformers, and methods, i.e. ours, work. Next sentence.", 2),
    ("As shown by Smith et al. (2021), it works. Next sentence.", 2),
    ("Ours vs. theirs: a 3.5 point gain. Next sentence.", 2),
    ("Code is at https://github.com/a/b.git and https://x.org/v1.2. Next sentence.", 2),
    ("We cut error by 12.5% (cf. Fig. 3). Next sentence.", 2),
    ("Stories (e.g., \"Mary buys milk. She pays.\") test models. Next sentence.", 2),
    ("It ends here! Does it? Yes.", 3),
    ("Spaces were lost in this text.Here a new sentence starts.", 2),
])
def test_sentence_splitting_respects_abbreviations_decimals_and_urls(text, count):
    sentences = split_sentences(text)
    assert len(sentences) == count, sentences
    assert sentences[-1] in {"Next sentence.", "Yes.", "Here a new sentence starts."}


@pytest.mark.parametrize("text, sentences", [
    ("В статье рассматриваются нейронные сети. Нейронная сеть обучена на корпусе, т. е. на речи.",
     ["В статье рассматриваются нейронные сети.", "Нейронная сеть обучена на корпусе, т. е. на речи."]),
    ("Παρουσιάζουμε ένα μοντέλο. Είναι γρήγορο.", ["Παρουσιάζουμε ένα μοντέλο.", "Είναι γρήγορο."]),
    ("نقدم نموذجا لغويا كبيرا. أظهرت التجارب تحسنا كبيرا.", ["نقدم نموذجا لغويا كبيرا.", "أظهرت التجارب تحسنا كبيرا."]),
    ("אנו מציגים מודל. הוא מהיר.", ["אנו מציגים מודל.", "הוא מהיר."]),
    ("हम एक प्रणाली प्रस्तुत करते हैं। यह तेज़ है।", ["हम एक प्रणाली प्रस्तुत करते हैं।", "यह तेज़ है।"]),
    ("本文提出一种问答系统。我们在三个数据集上进行了实验！结果很好？是的。",
     ["本文提出一种问答系统。", "我们在三个数据集上进行了实验！", "结果很好？", "是的。"]),
    ("本研究では手法を提案する。東京大学のコーパスで評価した。", ["本研究では手法を提案する。", "東京大学のコーパスで評価した。"]),
])
def test_sentences_end_in_other_scripts_too(text, sentences):
    # (a sentence ended only before an ASCII capital: a listing showed such an abstract whole)
    assert split_sentences(text) == sentences


def test_long_sentences_are_cut_at_a_word_boundary_with_an_ellipsis():
    abstract = "We propose " + " ".join(["a very long method name"] * 40) + "."
    summary = summarize(abstract)
    assert len(summary) <= MAX_CHARS and summary.endswith("…")
    assert summary[:-1] == summary[:-1].rstrip() and abstract.startswith(summary[:-1])
    assert abstract[len(summary) - 1] == " "


@pytest.mark.parametrize("abstract", ["", "   ", "\n"])
def test_an_empty_abstract_has_an_empty_summary(abstract):
    assert summarize(abstract) == ""


def test_whitespace_is_normalised():
    assert summarize("We propose\n  a   method.\nIt works.") == "We propose a method."


def test_a_sentence_giving_the_code_away_is_no_summary():
    # "release" and "make" state a contribution, but a card read "We release our code and data at
    # https://github.com/x/y." over "We investigate whether retrieval reduces hallucination …"
    abstract = ("Large language models often hallucinate. We investigate whether retrieval reduces hallucination "
                "across 12 benchmarks. Our results show a 30% reduction. We release our code and data at "
                "https://github.com/x/y.")
    assert summarize(abstract) == "We investigate whether retrieval reduces hallucination across 12 benchmarks."
    for released in ("We make our code and models publicly available.", "Code and data are available at https://x.org.",
                     "Our implementation will be open-sourced.", "We will publicly release the weights."):
        assert summarize(f"Models fail. We study why models fail on long inputs. {released}") == (
            "We study why models fail on long inputs.")
        assert summarize(released) == released  # (an abstract of nothing else keeps it)
    named = "We release BigBench, a benchmark of 200 tasks for language models."  # what it releases is the contribution
    assert summarize(f"Benchmarks are scarce. {named} Code is available.") == named


def test_a_publishers_copyright_line_is_no_summary():
    # Scopus' abstracts end with one: it was the card's summary, the page's description and the feed's
    abstract = ("Graph neural networks have emerged as a tool for molecules. We survey 200 methods and benchmark "
                "them on 12 datasets. © 2023 American Chemical Society.")
    assert summarize(abstract) == "We survey 200 methods and benchmark them on 12 datasets."
    assert summarize("Molecules are hard to model. © The Author(s) 2024.") == "Molecules are hard to model."
    assert summarize("Cells divide. Copyright © 2024 Elsevier B.V. All rights reserved.") == "Cells divide."
