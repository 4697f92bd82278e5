"""reportgen: officers' Excel inputs in, numbered Cabinet reports out as Word and PDF.

The library API is ``reportgen.api`` (``load``, ``validate``, ``build``); it is not imported
here, so that ``reportgen build --changed`` can tell in a fraction of a second that nothing
needs building, without importing the readers and writers.
"""
