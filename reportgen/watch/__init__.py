"""``reportgen watch``: rebuild reports as officers save their workbooks, with a live preview.

``events`` decides which file changes are saves of a report's inputs, ``loop`` builds in one
warm process through ``reportgen.api``, ``pages`` turns the PDF into pictures and text, and
``server`` serves the preview page on 127.0.0.1. docs/watch.md is the officers' guide.
"""
