"""The Instructions sheet of each workbook ``init`` writes: what each sheet and column is for,
in the officer's words, from ``inputs.schema`` (so the instructions and the readers agree)."""

from __future__ import annotations

from reportgen.inputs import schema
from reportgen.inputs.tables import MAX_TABLE_COLUMNS, MAX_TABLE_ROWS


def sheet_help(sheet: schema.Sheet, title: str = "") -> list[tuple[str, str]]:
    rows = [(title or f"Sheet {sheet.name}", ""),
            ("", sheet.purpose + ("" if sheet.required else " (optional sheet)"))]
    if sheet.fields:
        rows += [(f.label, f.purpose) for f in sheet.fields]
    else:
        rows += [(c.name, c.purpose + ("" if c.required else " (optional column)"))
                 for c in sheet.columns]
    return rows


def report_instructions(details: schema.Sheet = schema.DETAILS) -> list[tuple[str, str]]:
    """The Instructions sheet of report.xlsx, from the schema: a topic and its text a row,
    a topic alone heading a part.
    """
    styles = [(h.style, f"{h.prints_as[0].upper()}{h.prints_as[1:]}. Example: "
               + ", ".join([*([f"Text '{h.text}'"] if h.text else []),
                            *([f"Key '{h.key}'"] if h.key else [])]))
              for h in schema.STYLE_HELP]
    sum_word = schema.SUM_WORD
    return [
        ("How to fill in this workbook", ""),
        ("About", "This workbook is one report. reportgen makes the report's Word and PDF files "
         "from it. Fill in the sheets in turn; when you select a cell, a message says what it "
         "holds, and where a cell takes one of a fixed set of words it has a drop-down list."),
        ("Example rows", f"Rows whose text starts {schema.EXAMPLE_MARKER} show how a sheet is "
         "filled in. reportgen validate lists each of them until you replace its text with "
         "your own or delete the row."),
        ("Check, then build", "reportgen validate FOLDER lists everything still to put right, "
         "each at its sheet and cell. reportgen build FOLDER -o output writes the .docx and "
         ".pdf. Next time, reportgen new NEXT-FOLDER --from FOLDER starts the next report "
         "from this one."),
        *sheet_help(details),
        *sheet_help(schema.TEXT),
        ("Styles", ""),
        ("", "The Style column of sheet Text takes one of these words. Sections and "
         "paragraphs are numbered by reportgen: never type a number."),
        *styles,
        ("In an appendix", "A text appendix's sheet takes only: "
         + ", ".join(schema.APPENDIX_STYLES) + "."),
        ("References", ""),
        ("[[paragraph:key]]", "Give the row you want to refer to a Key, such as esb, then write "
         "[[paragraph:esb]] in any text: the report prints that paragraph's number (5.3), and "
         "in Word it is a cross-reference that follows when paragraphs are renumbered."),
        ("[[appendix:key]]", "[[appendix:tor]] prints the number of the appendix whose Key in "
         "sheet Appendices is tor. A key that does not exist is reported."),
        *sheet_help(schema.CASE_STUDIES),
        ("Tables", ""),
        ("Table sheets", "A table or table with total row names, in its Key, a sheet of this "
         "workbook holding the table (any name). Its first filled row is the header row, each "
         f"row after it a table row: at most {MAX_TABLE_COLUMNS} columns and "
         f"{MAX_TABLE_ROWS:,} rows, no merged cells. Every "
         "cell prints as Excel shows it, with its number format."),
        ("Total rows", "A table's last row is its Total row when its first cell is Total. "
         f"Under each column put a number or =SUM(…), checked against the rows above; the word "
         f"{sum_word}, for reportgen to add the column up; or nothing, for no total. Every "
         "filled cell of a column with a total must be a number. A table with total row needs "
         "a Total row."),
        *sheet_help(schema.APPENDICES),
        *sheet_help(schema.APPENDIX_TEXT, f"Appendix sheets ({schema.APPENDIX_TEXT.name} …)"),
        ("Sheets not read", ""),
        ("", f"reportgen does not read this {schema.INSTRUCTIONS_SHEET} sheet, the hidden "
         f"{schema.LISTS_SHEET} sheet (the words of the drop-down lists), or any sheet that "
         "sheet Text or Appendices does not name."),
    ]


def plan_instructions() -> list[tuple[str, str]]:
    """The Instructions sheet of a delivery-plan workbook."""
    return [
        ("How to fill in this delivery plan", ""),
        ("About", "This workbook is a delivery plan, printed as an appendix of each report "
         "whose Appendices sheet names it (Kind: delivery plan, Source: this file's name). "
         "Outcomes come in number order, each with its activities."),
        ("Example rows", f"Rows whose text starts {schema.EXAMPLE_MARKER} show how a sheet is "
         "filled in. reportgen validate lists each of them until you replace its text with "
         "your own or delete the row."),
        *(row for sheet in schema.PLAN_SHEETS for row in sheet_help(sheet)),
        ("Sheets not read", ""),
        ("", f"reportgen does not read this {schema.INSTRUCTIONS_SHEET} sheet or the hidden "
         f"{schema.LISTS_SHEET} sheet."),
    ]
