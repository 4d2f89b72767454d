"""Records of the exports people have, turned into the field names every reader shares.

A JSON object, JSONL line or CSV row is recognised from its own keys, never from the file name:

- the services and exports of :mod:`generator.readers.services` (Hugging Face, OpenAlex, CSL-JSON
  and Crossref, arXiv's metadata, INSPIRE-HEP, NASA ADS, JSON Feed, Europe PMC, dblp, OpenReview);
- anything else is read by the field names of ``fields.FIELD_NAMES`` (with the arXiv id of
  Zotero's ``Extra`` line ``arXiv: 2309.12345``, or of Semantic Scholar's ``externalIds``), or by
  a **field mapping** from the configuration: ``{"title": "paper.title", "authors":
  "paper.authors[].name"}``.

A mapping's paths are dotted keys; ``[]`` takes every element of a list and ``[N]`` one of them.
A key holding a dot (a CSV column named ``paper.title``) is found as it is first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from generator.errors import Problem
from generator.model import Entry
from generator.readers.services import csl, recognised
from generator.readers.values import arxiv_mentions, paper_id

FieldMap = Mapping[str, str]  # field name -> dotted path
MAPPABLE = ("title", "abstract", "authors", "id", "url", "date", "categories", "links")

_STEP = re.compile(r"([^.\[\]]+)|\[(\d*)\]")
_PATH = re.compile(r"[^.\[\]]+(?:\[\d*\])*(?:\.[^.\[\]]+(?:\[\d*\])*)*")
_MISSING = object()
MISSING = _MISSING  # what resolve gives for a path a record lacks


def adapt(record: Mapping[str, object], field_map: FieldMap | None = None,
          csl_item: bool = False) -> tuple[dict[str, object], set[str]]:
    """The record under the shared field names (a mapping's fields win over recognised ones), and
    the fields a mapping gave; ``csl_item``: read as a CSL-JSON item
    (:func:`generator.readers.services.csl`) whatever it holds."""
    known = csl(record) if csl_item else recognised(record)
    adapted, mapped = with_other_ids(record) if known is None else known, set()
    for field, path in applied(field_map, known is not None):
        value = resolve(record, path)
        if value is not _MISSING:
            adapted = {k: v for k, v in adapted.items() if field_key(k) != field}
            adapted[field] = value
            mapped.add(field)
    return adapted, mapped


def applied(field_map: FieldMap | None, recognised_record: bool) -> list[tuple[str, str]]:
    """The (field, path) of a mapping that read a record: of a recognised export's (a Zotero
    CSL-JSON item), not those that name the field's own key (``id: id``, the obvious mapping of
    OpenReview's notes): the export's reader reads it its own way. CSL's ``id`` is Zotero's item
    address or a citation key, which became the paper's id and its page's address."""
    return [(field, path) for field, path in (field_map or {}).items()
            if not (recognised_record and field_key(path) == field)]


@lru_cache(maxsize=4096)  # the same few keys, record after record
def field_key(name: object) -> str:
    """A column or key name as ``fields.FIELD_NAMES`` writes it: lowercase, with runs of spaces,
    dots, hyphens and underscores as one underscore ("Published Date" → "published_date"), and a
    plural written "(s)" or "/s" as the plural (a spreadsheet's "Author(s)", Lens' "Author/s": "authors";
    "Author(s)" gave papers without authors, without a word)."""
    return _KEY_BREAKS.sub("_", _PLURAL.sub("s", str(name).strip().lower())).strip("_")


_KEY_BREAKS = re.compile(r"[\s_.-]+")
_PLURAL = re.compile(r"\s*(?:\(s\)|/s)$")


def valid_path(path: str) -> bool:
    """Whether ``path`` is a dotted path: ``a.b``, ``a[].b``, ``a[0]``."""
    return bool(_PATH.fullmatch(path))


def resolve(record: object, path: str) -> object:
    """The value at ``path`` (a list for ``[]``), or ``_MISSING``."""
    if isinstance(record, Mapping) and path in record:
        return record[path]
    return _walk(record, [m.group(1) if m.group(1) is not None else f"[{m.group(2)}]"
                          for m in _STEP.finditer(path)])


def _walk(value: object, steps: list[str]) -> object:
    index = 0
    while index < len(steps):
        step = steps[index]
        if step == "[]":
            if not isinstance(value, list):
                return _MISSING
            found = [item for item in (_walk(item, steps[index + 1:]) for item in value) if item is not _MISSING]
            if "[]" in steps[index + 1:]:  # a list in each element (OSF's subjects[][].text): one list of their items
                found = [inner for item in found for inner in item]
            return found
        found = _step(value, step)
        if found is _MISSING and isinstance(value, Mapping):  # a key with dots of its own, inside another:
            for end in range(index + 2, len(steps) + 1):  # Dublin Core's metadata["dc.title"], "metadata.dc.title"
                if steps[end - 1].startswith("["):
                    break
                if (key := ".".join(steps[index:end])) in value:
                    found, index = value[key], end - 1
                    break
        if found is _MISSING:
            return _MISSING
        value, index = found, index + 1
    return value


def _step(value: object, step: str) -> object:
    if step.startswith("["):
        position = int(step[1:-1])
        return value[position] if isinstance(value, list) and position < len(value) else _MISSING
    return value.get(step, _MISSING) if isinstance(value, Mapping) else _MISSING


class MappingUse:
    """Which paths of a field mapping found a value in some record of a file: a path found in none
    (a typo, a path of another export) would otherwise be passed over without a word. And which of
    the records' columns or keys no field reads: a spreadsheet's authors under a name not read
    ("Writers") were lost from every paper without a word."""

    def __init__(self, field_map: FieldMap | None, keys: str = "keys") -> None:
        self.unfound = dict(field_map or {})  # field → its path, until a record has it
        self.mapped = len(self.unfound)
        self.records = 0
        self.field_map = dict(field_map or {})
        self.beside: dict[str, str] = {}  # field → a path beside the mapped title that would give it
        self.keys = keys  # what the file calls them: "columns" or "keys"
        self.unread: list[str] = []  # the first record's keys no field reads
        self.held: dict[str, object] = {}  # of those, each one's first value not empty (nor 0)
        self.empty: list[str] = []  # the others: no record has given them a value yet
        self.inner: list[str] = []  # the paths beside the mapped title no field reads (ChemRxiv's item.text)

    def seen(self, record: object) -> None:
        self.records += 1
        if self.records == 1:
            self.beside = _beside_title(record, self.field_map)
            self.unread = self.empty = _unread_keys(record, self.field_map)
            self.inner = [] if self.beside else _inner_keys(record, self.field_map)
        if self.empty and any(map(record.get, self.empty)):  # (a spreadsheet's many empty columns: fast)
            self.held |= {key: record[key] for key in self.empty if record.get(key)}
            self.empty = [key for key in self.empty if key not in self.held]
        for field, path in list(self.unfound.items()):
            if resolve(record, path) is not _MISSING:
                del self.unfound[field]

    def problems(self, path: str, line: int = 1, entries: Sequence[Entry] = ()) -> list[Problem]:
        """A warning for each path found in no record (a typo); one note when none is found: the
        mapping is for another export than this file (a collection of several), read unmapped.
        A note when a field is in none of ``entries`` (the file's papers) and a column or key, not
        empty, is read as none (a spreadsheet's "Writers"): it names them, and the option that reads
        one. An id or a date is missed only when such a column holds one (an arXiv id or DOI, a
        date): Publish or Perish's papers have no ids, and its "Cites" and "GSRank" give none."""
        if not self.records:
            return []
        return self._mapping_problems(path, line) + self._unread_problems(path, line, entries)

    def _unread_problems(self, path: str, line: int, entries: Sequence[Entry]) -> list[Problem]:
        from .fields import could_give  # (fields imports this module)

        givers = {field: [key for key in self.unread if key in self.held and could_give(field, self.held[key])
                          and not (field == "date" and _NOT_PUBLISHED.search(field_key(key)))]
                  for field in _NOTED if field not in self.field_map and entries
                  and not any(getattr(entry, field) for entry in entries)}
        missing = [field for field, keys in givers.items() if keys]
        unread = [key for key in self.unread if any(key in givers[field] for field in missing)]
        if not missing and self.inner and entries:  # records nested in another key, their other fields named otherwise
            lacking = [field for field in _NOTED if field not in self.field_map and not any(getattr(e, field) for e in entries)]
            if {"abstract", "authors"} & set(lacking):  # (a paper's date or id alone missing: no key of it to guess)
                return [Problem(path, line, f"no paper in this file has {_listed([_NOTED[f] for f in lacking])}, and beside "
                                            f"the mapped title the records hold {', '.join(self.inner[:_SHOWN_KEYS])}, which "
                                            f"no field reads: to read one, give --field NAME=PATH (NAME: {_listed(lacking)})",
                                "note")]
        if not missing:
            return []
        shown = ", ".join(repr(key) for key in unread[:_SHOWN_KEYS]) + (
            f", … ({len(unread) - _SHOWN_KEYS:,} more)" if len(unread) > _SHOWN_KEYS else "")
        value = "COLUMN" if self.keys == "columns" else "PATH"
        option = f"--field {missing[0]}={value}" if len(missing) == 1 else \
            f"--field NAME={value} (NAME: {_listed(missing)})"
        return [Problem(path, line, f"no paper in this file has {_listed([_NOTED[field] for field in missing])}, and its "
                                    f"{self.keys} {shown} are not read: to read one of them, give {option}", "note")]

    def _mapping_problems(self, path: str, line: int) -> list[Problem]:
        unread = [Problem(path, line, "beside the mapped title, the records hold fields a mapping would read: "
                                      + " ".join(f"--field {field}={where}" for field, where in self.beside.items())
                                      + " (a field not mapped is read only at a record's top level)", "note")] \
            if self.beside and not self.unfound else []
        if len(self.unfound) == self.mapped > 1:
            return [Problem(path, line, f"the field mapping finds none of its {self.mapped} paths in this file: "
                                        "it is read as if unmapped (the mapping is another export's)", "note")]
        return unread + [Problem(path, line, f"the field mapping {field}: {where} finds nothing in this file's "
                                             f"{self.records:,} record(s): that field is read as if unmapped", "warning")
                         for field, where in self.unfound.items()]


# The fields whose absence from every paper of a file is noted when some column is not read, as a paper shows them
_NOTED = {"authors": "authors", "abstract": "an abstract", "date": "a date", "id": "an id"}
# Columns of dates that are no paper's date but a reading list's own (Zotero's "Date Added", "Date Modified" and
# "Access Date", a sheet's "Last Updated" or "Date Read", a Google Form's "Timestamp"): read as the date, they dated
# Attention Is All You Need 2024-01-08, the day a list took it, instead of by its arXiv id (2017-06)
_NOT_PUBLISHED = re.compile(r"(?:^|_)(?:added|modified|accessed|access|read|saved|imported|edited|updated|timestamp)(?:_|$)")
_SHOWN_KEYS = 8
# Keys read otherwise (a title, ids, Scopus' authors), or a service's own that give no field (Semantic Scholar's hash)
_READ_ELSEWHERE = frozenset({"name", "extra", "externalids", "author_full_names", "paperid"})


def _listed(words: list[str]) -> str:
    """``["a", "b", "c"]`` as "a, b or c"."""
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _unread_keys(record: object, field_map: FieldMap) -> list[str]:
    """The keys of a record that no field reads (by name, as ``lookup`` does, or by a mapped path),
    in their order; none for a service's record (its other keys are its own: Hugging Face's
    "upvotes"), nor a column without a name (pandas' index)."""
    from .fields import FIELD_NAMES, LINK_NAMES, names_of  # (fields imports this module)

    if not isinstance(record, Mapping) or recognised(record) is not None:
        return []
    read = {name for field in FIELD_NAMES for name in names_of(field)} | _READ_ELSEWHERE | LINK_NAMES
    mapped = {step for path in field_map.values() for step in (path, path.split(".")[0].split("[")[0])}
    return [key for key in record if isinstance(key, str) and key.strip() and field_key(key) not in read
            and key not in mapped]


def _title_object(record: object, field_map: FieldMap) -> tuple[str, Mapping | None]:
    """The path of the object holding the mapped title (``item`` of ``item.title``), and that object
    in ``record`` (None when the title is mapped at the top level, through a list, or not at all)."""
    parent = field_map.get("title", "").rpartition(".")[0]
    inner = resolve(record, parent) if parent and "[" not in parent else None
    return parent, inner if isinstance(inner, Mapping) else None


def _inner_keys(record: object, field_map: FieldMap) -> list[str]:
    """The paths of the keys beside the mapped title, in its object, that no field reads and that
    hold something (``record.text``, ``record.people`` beside ``record.headline``)."""
    parent, inner = _title_object(record, field_map)
    if inner is None:
        return []
    mapped = {path.split("[", 1)[0] for path in field_map.values()}
    return [f"{parent}.{key}" for key, value in inner.items()
            if value not in (None, "", [], {}) and not any(p == f"{parent}.{key}" or p.startswith(f"{parent}.{key}.")
                                                             for p in mapped)]


def _beside_title(record: object, field_map: FieldMap) -> dict[str, str]:
    """The fields not mapped that a record holds, under their usual names, in the object of its
    mapped title (ChemRxiv's ``{"item": {"title", "abstract", "doi", …}}`` mapped by
    ``title: item.title`` alone lost all but the title, silently): field → its path."""
    from .fields import FIELD_NAMES, URL_ONLY_NAMES, names_a_paper, names_of  # (fields imports this module)

    parent, inner = _title_object(record, field_map)
    if inner is None:
        return {}
    keys = {field_key(key): key for key in inner}
    read = {field_key(key) for key, value in adapt(record, field_map)[0].items() if value not in (None, "", [])}
    mapped = set(field_map.values())
    found = {}
    for field in FIELD_NAMES:
        if read.intersection(names_of(field)):  # read already (a recognised export's)
            continue
        names = [keys[name] for name in names_of(field) if name in keys and inner[keys[name]] not in (None, "", [])
                 and f"{parent}.{keys[name]}" not in mapped  # (an "abs" mapped as the abstract is no url)
                 and (name not in URL_ONLY_NAMES or str(inner[keys[name]]).lstrip().lower().startswith(("http://", "https://")))]
        # (a name such as "abs" or "pdf" gives the url only when it holds one, as lookup reads it)
        if field == "id":  # an arXiv id or DOI over the service's own ("id": "65a1" beside "doi")
            names.sort(key=lambda name: not names_a_paper(inner[name]))
        if names and field not in field_map:
            found[field] = f"{parent}.{names[0]}"
    return found


def with_other_ids(record: Mapping[str, object]) -> dict[str, object]:
    """The record, with an ``arXiv`` value when it has none and names the id elsewhere: the arXiv
    id of Zotero's ``Extra`` field (a line ``arXiv: 2309.12345``), of a venue written as Google
    Scholar writes it (Publish or Perish's ``Source``: "arXiv preprint arXiv:2309.12345"), or of
    Semantic Scholar's ``externalIds`` (``{"ArXiv": …, "DOI": …}``, whose ``paperId`` is its own
    hash), else its DOI, else its PubMed id."""
    extra = next((value for key, value in record.items()
                  if isinstance(value, str) and key[:5].lower() == "extra" and field_key(key) == "extra"), None)
    match = _EXTRA_ARXIV.search(extra) if extra else None
    external = record.get("externalIds")
    venue = next((found[0] for key, value in record.items() if isinstance(value, str)
                  and field_key(key) in _VENUES and (found := arxiv_mentions([value]))), None)
    if not match and not isinstance(external, Mapping) and not venue:  # nearly every record: nothing to look up
        return dict(record)
    found = match.group(1) if match else venue or paper_id(external.get("ArXiv"), external.get("DOI")) \
        or _pubmed(external.get("PubMed"))
    if not found or any(field_key(key) == "arxiv" for key in record):
        return dict(record)
    doi = external.get("DOI") if isinstance(external, Mapping) and not any(field_key(key) == "doi" for key in record) else None
    return {**record, "arXiv": found} | ({"DOI": doi} if isinstance(doi, str) and doi else {})


def _pubmed(pmid: object) -> str:
    """Semantic Scholar's ``PubMed`` id as the MEDLINE reader writes one (``PMID:37000001``)."""
    return f"PMID:{pmid}" if isinstance(pmid, (str, int)) and str(pmid).isdigit() else ""


_VENUES = frozenset({"source", "journal", "publication_title", "venue"})  # "arXiv preprint arXiv:2309.12345"
_EXTRA_ARXIV = re.compile(r"^\s*arxiv:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
