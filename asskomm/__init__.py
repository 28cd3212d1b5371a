"""Domain package of the ASSKomm site generator.

Nothing in here imports MkDocs except `mkdocs_adapter`; the hooks in `hooks/` only translate MkDocs
events into calls to these modules, so the domain can be tested and reused on its own.
"""
