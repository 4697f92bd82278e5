"""Readers: officers' workbooks in, report model out, every problem located."""

from reportgen.inputs.report import REPORT_WORKBOOK, read_report

__all__ = ["REPORT_WORKBOOK", "read_report"]
