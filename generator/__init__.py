"""digest-site: publish research-paper digests as a fast, browsable static website.

The pipeline (see ``build.py``): read → collect → enrich → topics → related → render → index →
export → write → MkDocs.
"""

__version__ = "0.1.0"
