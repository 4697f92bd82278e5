"""Readers: officers' workbooks in, report model out, every problem located.

Nothing is imported here: a module that needs only the schema's names (``compare``, the house
style's structure) imports ``reportgen.inputs.schema`` without loading openpyxl, so that
``reportgen build --changed`` can tell that nothing needs building without the readers. The
reader of a report is ``reportgen.inputs.report.read_report``.
"""
