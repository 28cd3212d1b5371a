"""Domain package of the ASSKomm site generator.

Nothing in here imports MkDocs; the hooks in `hooks/` translate MkDocs events into calls to these
modules, so the domain can be tested and reused on its own (and moved to another generator).
"""
