"""Source categories: one spelling of each arXiv category, and readable names.

arXiv's API, RSS and Atom feeds and BibTeX's ``primaryClass`` give bare codes (``cs.CL``);
listings give "Computation and Language (cs.CL)"; Zotero's arXiv tags give "Computer Science -
Computation and Language". The readers keep the code of all three (:func:`arxiv_category`): a
collection of several sources has one category, ``cs.CL``, on its pages and in its search filters.
:func:`category_name` gives "Computation and Language", for topic names a curator would write.
The names are arXiv's category taxonomy (https://arxiv.org/category_taxonomy), as its listings
print them; ``tests/test_categories.py`` checks them against the arXiv day in ``tests/data``.
"""

from __future__ import annotations

import re

from .ids import ARXIV_ARCHIVES

CODE = re.compile(r"\(([A-Za-z-]+(?:\.[A-Za-z-]+)?)\)\s*$")  # "(cs.CV)" ending a category

_NAMES = """
astro-ph.CO Cosmology and Nongalactic Astrophysics | astro-ph.EP Earth and Planetary Astrophysics
astro-ph.GA Astrophysics of Galaxies | astro-ph.HE High Energy Astrophysical Phenomena
astro-ph.IM Instrumentation and Methods for Astrophysics | astro-ph.SR Solar and Stellar Astrophysics
cond-mat.dis-nn Disordered Systems and Neural Networks | cond-mat.mes-hall Mesoscale and Nanoscale Physics
cond-mat.mtrl-sci Materials Science | cond-mat.other Other Condensed Matter | cond-mat.quant-gas Quantum Gases
cond-mat.soft Soft Condensed Matter | cond-mat.stat-mech Statistical Mechanics
cond-mat.str-el Strongly Correlated Electrons | cond-mat.supr-con Superconductivity
cs.AI Artificial Intelligence | cs.AR Hardware Architecture | cs.CC Computational Complexity
cs.CE Computational Engineering, Finance, and Science | cs.CG Computational Geometry
cs.CL Computation and Language | cs.CR Cryptography and Security
cs.CV Computer Vision and Pattern Recognition | cs.CY Computers and Society | cs.DB Databases
cs.DC Distributed, Parallel, and Cluster Computing | cs.DL Digital Libraries | cs.DM Discrete Mathematics
cs.DS Data Structures and Algorithms | cs.ET Emerging Technologies | cs.FL Formal Languages and Automata Theory
cs.GL General Literature | cs.GR Graphics | cs.GT Computer Science and Game Theory
cs.HC Human-Computer Interaction | cs.IR Information Retrieval | cs.IT Information Theory
cs.LG Machine Learning | cs.LO Logic in Computer Science | cs.MA Multiagent Systems | cs.MM Multimedia
cs.MS Mathematical Software | cs.NA Numerical Analysis | cs.NE Neural and Evolutionary Computing
cs.NI Networking and Internet Architecture | cs.OH Other Computer Science | cs.OS Operating Systems
cs.PF Performance | cs.PL Programming Languages | cs.RO Robotics | cs.SC Symbolic Computation | cs.SD Sound
cs.SE Software Engineering | cs.SI Social and Information Networks | cs.SY Systems and Control
econ.EM Econometrics | econ.GN General Economics | econ.TH Theoretical Economics
eess.AS Audio and Speech Processing | eess.IV Image and Video Processing | eess.SP Signal Processing
eess.SY Systems and Control
math.AC Commutative Algebra | math.AG Algebraic Geometry | math.AP Analysis of PDEs
math.AT Algebraic Topology | math.CA Classical Analysis and ODEs | math.CO Combinatorics
math.CT Category Theory | math.CV Complex Variables | math.DG Differential Geometry
math.DS Dynamical Systems | math.FA Functional Analysis | math.GM General Mathematics
math.GN General Topology | math.GR Group Theory | math.GT Geometric Topology | math.HO History and Overview
math.IT Information Theory | math.KT K-Theory and Homology | math.LO Logic | math.MG Metric Geometry
math.MP Mathematical Physics | math.NA Numerical Analysis | math.NT Number Theory
math.OA Operator Algebras | math.OC Optimization and Control | math.PR Probability
math.QA Quantum Algebra | math.RA Rings and Algebras | math.RT Representation Theory
math.SG Symplectic Geometry | math.SP Spectral Theory | math.ST Statistics Theory
nlin.AO Adaptation and Self-Organizing Systems | nlin.CD Chaotic Dynamics
nlin.CG Cellular Automata and Lattice Gases | nlin.PS Pattern Formation and Solitons
nlin.SI Exactly Solvable and Integrable Systems
physics.acc-ph Accelerator Physics | physics.ao-ph Atmospheric and Oceanic Physics
physics.app-ph Applied Physics | physics.atm-clus Atomic and Molecular Clusters
physics.atom-ph Atomic Physics | physics.bio-ph Biological Physics | physics.chem-ph Chemical Physics
physics.class-ph Classical Physics | physics.comp-ph Computational Physics
physics.data-an Data Analysis, Statistics and Probability | physics.ed-ph Physics Education
physics.flu-dyn Fluid Dynamics | physics.gen-ph General Physics | physics.geo-ph Geophysics
physics.hist-ph History and Philosophy of Physics | physics.ins-det Instrumentation and Detectors
physics.med-ph Medical Physics | physics.optics Optics | physics.plasm-ph Plasma Physics
physics.pop-ph Popular Physics | physics.soc-ph Physics and Society | physics.space-ph Space Physics
q-bio.BM Biomolecules | q-bio.CB Cell Behavior | q-bio.GN Genomics | q-bio.MN Molecular Networks
q-bio.NC Neurons and Cognition | q-bio.OT Other Quantitative Biology | q-bio.PE Populations and Evolution
q-bio.QM Quantitative Methods | q-bio.SC Subcellular Processes | q-bio.TO Tissues and Organs
q-fin.CP Computational Finance | q-fin.EC Economics | q-fin.GN General Finance
q-fin.MF Mathematical Finance | q-fin.PM Portfolio Management | q-fin.PR Pricing of Securities
q-fin.RM Risk Management | q-fin.ST Statistical Finance | q-fin.TR Trading and Market Microstructure
stat.AP Applications | stat.CO Computation | stat.ME Methodology | stat.ML Machine Learning
stat.OT Other Statistics | stat.TH Statistics Theory
"""
ARXIV = {**ARXIV_ARCHIVES, **dict(entry.strip().split(" ", 1) for line in _NAMES.strip().splitlines()
                            for entry in line.split(" | "))}
KNOWN_NAMES = frozenset(ARXIV.values())
_CODE_LIKE = re.compile(r"[a-z]+(?:-[a-z]+)?\.[A-Za-z][A-Za-z-]*")
# The codes of Zotero's arXiv tags: "Computer Science - Machine Learning" (an archive's name, then its
# subject class's), or the name alone of an archive without subject classes ("Quantum Physics"); a
# subject class's name alone ("Machine Learning": cs.LG's or stat.ML's) is no code's
_TAGGED = {**{f"{ARXIV_ARCHIVES[code.split('.')[0]]} - {name}": code for code, name in ARXIV.items() if "." in code},
           **{name: archive for archive, name in ARXIV_ARCHIVES.items()
              if not any(code.startswith(f"{archive}.") for code in ARXIV)}}


def arxiv_category(category: str) -> str:
    """The arXiv code of a category spelt as a listing ("Machine Learning (cs.LG)") or Zotero
    ("Computer Science - Machine Learning") spells it, else the category as it is: a source's
    own ("Machine learning", "RLHF"), an unknown code, a listing's label of one ("(zz.NM)")."""
    found = CODE.search(category)
    if found and found.group(1) in ARXIV:
        return found.group(1)
    return _TAGGED.get(" ".join(category.split()), category)


def without_covered_archives(categories: tuple[str, ...]) -> tuple[str, ...]:
    """The categories less a bare archive that one of its own categories is given beside: Better
    BibTeX writes every arXiv preprint's ``primaryclass = {cs}`` (Zotero's "arXiv:… [cs]"), so each
    paper showed a category "cs" before its cs.LG and cs.CL (a search filter matching them all)."""
    covered = {code.split(".")[0] for code in categories if "." in code and code in ARXIV}
    return tuple(c for c in categories if c not in covered)


def category_code(category: str) -> str:
    """``cs.CV`` of ``Computer Vision and Pattern Recognition (cs.CV)``; a plain short name
    as it is; "" for what is no category (a stray "Journal-ref: ..." of a shifted column)."""
    match = CODE.search(category)
    if match:
        return match.group(1)
    category = " ".join(category.split())
    return category if 0 < len(category) <= 60 and ":" not in category else ""


def category_name(category: str) -> str:
    """The readable name of a category: arXiv's name of its code, else the name a listing
    gives beside the code, else the category itself when it is a plain short name; ""
    for what is no category, and for an unknown bare code (``xx.YY`` names nothing)."""
    code = category_code(category)
    if not code:
        return ""
    if code in ARXIV:
        return ARXIV[code]
    label = " ".join(CODE.sub("", category).split())
    if label and label != code:
        return label
    field, _, rest = code.partition(" - ")  # Zotero: "Computer Science - Computation and Language"
    if rest in KNOWN_NAMES and code not in KNOWN_NAMES and field in ARXIV_ARCHIVES.values():
        return rest
    return "" if _looks_like_code(code) else code


def category_label(category: str) -> str:
    """A category as readers see it: an arXiv category's code after its name, as arXiv's own pages
    write it ("Computation and Language (cs.CL)" of "cs.CL": readers keep the code, and readers of
    the site need not know them); an ACM or MSC class (the arXiv API gives an author's "I.2.7"
    and "68T50" as categories beside cs.CL, where arXiv's page says "ACM classes" and "MSC
    classes") after the name of its scheme; any other category as it is (a source's own, an
    archive alone)."""
    if category in ARXIV and ("." in category or "-" in category):
        return f"{ARXIV[category]} ({category})"
    if _ACM_CLASS.fullmatch(category):
        return f"ACM {category}"
    if _MSC_CLASS.fullmatch(category):
        return f"MSC {category}"
    return category


_ACM_CLASS = re.compile(r"[A-K]\.(?:[0-9m](?:\.[0-9m]{1,2})?)")  # ACM CCS 1998: "I.2.7", "H.3", "D.2.m"
_MSC_CLASS = re.compile(r"[0-9]{2}[A-Z-](?:[0-9]{2}|xx|XX)")  # Mathematics Subject Classification: "68T50", "05Cxx"


def _looks_like_code(text: str) -> bool:
    """``xx.YY``, ``foo-bar.baz``: an archive, a dot and a subject class."""
    return bool(_CODE_LIKE.fullmatch(text))
