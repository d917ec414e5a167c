"""proposal-archive: turn a git repository of budget proposals into a static website.

Data flows one way: read → validate → model → render (pages and the search index) → write → build (MkDocs).
"""
