"""The pipeline's records: ``replaced`` copies a record as ``dataclasses.replace`` does."""

from __future__ import annotations

import dataclasses
import sys

import pytest

from generator.model import Link, Paper, Source, TopicMatch, new_paper, replaced


def test_replaced_is_dataclasses_replace():
    paper = Paper(key="k", slug="a", title="T", abstract="A", source=Source("d.txt", 3),
                  topics=(TopicMatch("t", 0.5, ("x",)),), links=(Link("https://x.org", "code"),))
    for changes in ({}, {"slug": "b"}, {"topics": (), "summary": "S", "related": ("c",)}):
        copy = replaced(paper, **changes)
        assert copy == dataclasses.replace(paper, **changes)
        assert hash(copy) == hash(dataclasses.replace(paper, **changes))
        assert type(copy) is Paper and copy is not paper
    assert paper.slug == "a"  # the original is unchanged
    with pytest.raises(dataclasses.FrozenInstanceError):
        replaced(paper, slug="b").slug = "c"


def test_replaced_refuses_a_field_the_record_does_not_have():
    with pytest.raises(TypeError, match="sluggish"):
        replaced(Source("d.txt", 1), sluggish=1)


def test_new_paper_is_the_paper_its_constructor_makes():
    for fields in ({"key": "k", "slug": "a", "title": "T", "abstract": "A", "source": Source("d.txt", 3)},
                   {"key": "k", "slug": "a", "title": "T", "abstract": "A", "source": Source("d.txt", 3),
                    "categories": ("cs.LG",), "digests": ("d",), "lines": (3,), "title_text": "T"}):
        made, paper = new_paper(**fields), Paper(**fields)
        assert made == paper and hash(made) == hash(paper) and repr(made) == repr(paper)
        assert list(vars(made).items()) == list(vars(paper).items())  # (the same fields, in the same order)
        # and as small: its attributes share their keys with every paper's (filled from a plain
        # dictionary, they took three times the memory: +350 MB at 100,000 papers)
        assert sys.getsizeof(vars(made)) == sys.getsizeof(vars(paper))
        assert sys.getsizeof(vars(replaced(made, slug="b"))) == sys.getsizeof(vars(paper))
    with pytest.raises(TypeError):
        new_paper(key="k", slug="a")  # fields missing: Paper's own error
    with pytest.raises(TypeError):
        new_paper(key="k", slug="a", title="T", abstract="A", source=Source("d.txt", 3), colour="red")
