"""proposal-archive: turn a git repository of budget proposals into a static website.

Data flows one way: read → validate → model → render → write → build (MkDocs + Pagefind).
"""
