"""A report with a long delivery plan is laid out in parts and joined: one file, every page
stamped in sequence, the structure tree and bookmarks whole, the check clean."""

from __future__ import annotations

import re

import pikepdf

from conftest import pdf_pages, plan_sheets, report_sheets, words
from reportgen import api, layout
from reportgen.build import workers
from reportgen.check import check
from reportgen.render import html


def test_long_plan_is_rendered_in_parts_and_joined(make_report, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(layout, "PLAN_ROWS_PER_TABLE", 2)
    sheets = report_sheets()
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                            ("a", "Text appendix", "text", "A"),
                            ("plan", "The Plan", "delivery plan", "plan.xlsx"),
                            ("z", "After the plan", "text", "A")]
    sheets["A"] = [("Style", "Text"), ("heading", "A heading"), ("paragraph", "Body text")]
    folder = make_report(sheets, extra={"plan.xlsx": plan_sheets(activities=5)})
    report = api.load(folder)
    assert len(html.parts(report)) == 5  # body + text appendix, 3 runs of the plan, the last
    built = api.build(folder, tmp_path / "out")

    pages = pdf_pages(built.pdf)
    stamps = [re.findall(r"ITEM NO\. 7\.(\d+)", page) for page in pages]
    assert stamps == [[str(n)] for n in range(1, len(pages) + 1)]
    text = words(" ".join(pages))
    for n in range(5):
        assert words(f"Activity {n}") in [text[i:i + 2] for i in range(len(text))]
    assert check(built.pdf) == []

    with pikepdf.open(built.pdf) as pdf:
        root = pdf.Root.StructTreeRoot
        nums = root.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert sorted(int(p.obj.StructParents) for p in pdf.pages) == keys
        assert int(root.ParentTreeNextKey) == max(keys) + 1
        with pdf.open_outline() as outline:
            titles = [str(item.title) for item in outline.root]
    assert titles[-3:] == ["Appendix 1 Text appendix", "Appendix 2 The Plan",
                           "Appendix 3 After the plan"]


def test_the_file_is_the_same_however_many_cores_lay_it_out(make_report, tmp_path,
                                                            monkeypatch) -> None:
    """Parts are laid out in parallel, stamped afterwards: neither the number of processes nor
    which part each one takes may change a byte (committee services compare hashes).
    """
    monkeypatch.setattr(layout, "PLAN_ROWS_PER_TABLE", 2)
    sheets = report_sheets()
    sheets["Appendices"] = [("Key", "Title", "Kind", "Source"),
                            ("plan", "The Plan", "delivery plan", "plan.xlsx")]
    folder = make_report(sheets, extra={"plan.xlsx": plan_sheets(activities=7)})
    files = []
    for cores in (1, 2, 3):
        monkeypatch.setattr(workers.os, "sched_getaffinity", lambda _, n=cores: set(range(n)))
        files.append(api.build(folder, tmp_path / f"cores-{cores}").pdf)
    assert files[0].read_bytes() == files[1].read_bytes() == files[2].read_bytes()
    stamps = [re.findall(r"ITEM NO\. 7\.(\d+)", page) for page in pdf_pages(files[1])]
    assert len(stamps) > 4
    assert stamps == [[str(n)] for n in range(1, len(stamps) + 1)]
