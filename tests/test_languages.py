"""The language a screen reader is told to read a digest's text in, from its script."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest

from generator.languages import LATIN, LETTERS, SCRIPTS, lang_attribute, script_language

# the Unicode names of each script's letters (unicodedata), which its ranges must hold all of
NAMES = {"ja": ("HIRAGANA", "KATAKANA", "HALFWIDTH KATAKANA", "HENTAIGANA"), "zh": ("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"),
         "ko": ("HANGUL",), "ar": ("ARABIC",), "he": ("HEBREW",), "ru": ("CYRILLIC",), "el": ("GREEK",),
         "hi": ("DEVANAGARI",), "bn": ("BENGALI",), "ta": ("TAMIL",), "th": ("THAI",), "ka": ("GEORGIAN",),
         "hy": ("ARMENIAN",)}


@pytest.mark.parametrize("text, language", [
    ("大規模言語モデルにおける推論能力の評価", "ja"), ("基于大语言模型的推理能力评估", "zh"), ("김민수", "ko"),
    ("نموذج لغوي كبير للغة العربية", "ar"), ("מודל שפה", "he"), ("Большие языковые модели", "ru"),
    ("Μεγάλα γλωσσικά μοντέλα", "el"), ("हिंदी भाषा के लिए बड़े भाषा मॉडल", "hi"),
    ("LLM の評価: 大規模言語モデル", "ja"),  # a few Latin letters among Japanese
    ("Attention is all you need", ""), ("Café crème à la française", ""), ("", ""), ("3.14 — ∑", ""),
    ("An α-helix and a β-sheet in Δ-graphs", ""),  # Greek letters in an English title
    ("Большие модели (LLM)", "ru"),
])
def test_the_script_most_letters_are_in_gives_the_language(text, language):
    assert script_language(text) == language


def test_names_are_read_together_and_the_attribute_is_empty_for_latin_text():
    assert script_language(("山田 太郎", "李 小龙")) == "zh"  # Han without kana
    assert script_language(("Ann Lee", "Bo Chen", "山田")) == ""
    assert lang_attribute("Большие языковые модели") == ' lang="ru"'
    assert lang_attribute("Large language models") == ""


@pytest.fixture(scope="module")
def letters() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)).startswith("L")]


@pytest.mark.parametrize("language", [language for language, _ in SCRIPTS])
def test_each_scripts_ranges_hold_its_letters_and_no_other_scripts(language, letters):
    """Checked against the Unicode database of this Python: the ranges hold every letter whose name
    says it is of the script but mathematical and phonetic forms (no text is written in them), and
    no letter of another of these scripts, nor a Latin one."""
    named = {c for c in letters if unicodedata.name(c, "").startswith(NAMES[language])}
    matched = {c for c in letters if LETTERS[language].match(c)}
    phonetic = ("MATHEMATICAL", "SMALL CAPITAL", "SUBSCRIPT", "CYRILLIC LETTER SMALL")
    assert sorted(c for c in named - matched if not any(p in unicodedata.name(c) for p in phonetic)) == []
    others = tuple(prefix for other, prefixes in NAMES.items() if other != language for prefix in prefixes)
    assert sorted(c for c in matched if unicodedata.name(c, "").startswith(others) or LATIN.match(c)) == []


def test_a_topic_named_in_another_script_is_marked_with_its_language_wherever_it_is_named(tmp_path):
    # a topic "日本語の研究" was read by the page's English voice on its page, in the topics' index,
    # in the chips of cards and in a paper page's list of topics, where its papers' titles were marked
    from conftest import make_project
    from generator.build import build
    from generator.config import load_project

    folder = make_project(tmp_path / "p", {"2024-01-01-a.jsonl": json.dumps(
        {"id": "2401.00001", "title": "深層学習による日本語の研究", "abstract": "本研究では日本語の形態素解析を提案する。実験で確認した。"},
        ensure_ascii=False) + "\n"}, topics=False)
    (folder / "content/topics.yml").write_text("topics:\n- name: 日本語の研究\n  slug: japanese\n  description: x\n"
                                               "  keywords: [日本語]\n", encoding="utf-8")
    build(load_project(folder))
    site = folder / "site"
    named = '<a href="../../topics/japanese/" lang="ja">日本語の研究</a>'
    assert named in (site / "papers/2401.00001/index.html").read_text(encoding="utf-8")
    assert '<h1 lang="ja">日本語の研究</h1>' in (site / "topics/japanese/index.html").read_text(encoding="utf-8")
    assert 'lang="ja">日本語の研究</a>' in (site / "topics/index.html").read_text(encoding="utf-8")
    assert 'lang="ja">日本語の研究</a> </p>' in (site / "digests/2024-01-01-a/index.html").read_text(encoding="utf-8")


def test_japanese_names_in_kanji_alone_are_japanese_beside_a_japanese_title():
    # "山田 太郎" (Han characters) was marked Chinese beside its paper's Japanese title, and read in Mandarin
    from generator.languages import names_language

    assert names_language(["山田 太郎", "鈴木 花子"], "深層学習による日本語文書分類の研究") == "ja"
    assert names_language(["王小明"], "基于大语言模型的研究") == "zh" and names_language(["王小明"], "A title") == "zh"
    assert lang_attribute(["山田 太郎"], "深層学習による研究") == ' lang="ja"'
