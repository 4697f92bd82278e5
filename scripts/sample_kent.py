"""Write the Kent sample: Kent County Council's house style (``inputs/house-styles/kent``) and
its Cabinet report of 30 January 2025, Commissioning Plan for Education Provision in Kent
2025-29 (``../shared/councils/kent-cc-cabinet-2025-01-30-education-commissioning-plan.txt``),
entered as an officer would: the style from ``reportgen init --house-style`` changed as
committee services would in Word and Excel, the report from ``reportgen init`` filled in.

Run from the repository: ``.venv/bin/python scripts/sample_kent.py`` (it replaces both).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import openpyxl
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from reportgen import api
from reportgen.start import workbooks

ROOT = Path(__file__).resolve().parent.parent
STYLE = ROOT / "inputs" / "house-styles" / "kent"
REPORT = ROOT / "inputs" / "kent-cc-cabinet-2025-01-30-education-commissioning-plan"

LAYOUT = {"Header block shown as": "ruled table", "Title lines": "{title}",
          "Title case": "as typed", "Date format": "20 June 2013", "Sections": "1.",
          "Appendices": "A", "Appendix word": "Appendix",
          "Required headings": "Financial Implications\nLegal implications\n"
                               "Equalities implications"}
HEADER = [("From", "From:", "Yes"), ("To", "To:", "Yes"), ("Subject", "Subject:", "Yes"),
          ("Decision no", "Decision no:", "No"), ("Key decision", "Key decision:", "No"),
          ("Classification", "Classification:", "Yes"),
          ("Past Pathway of report", "Past Pathway of report:", "No"),
          ("Future Pathway of report", "Future Pathway of report:", "No"),
          ("Electoral Division", "Electoral Division:", "Yes")]

DETAILS = [
    ("Council", "Kent County Council"), ("Committee", "Cabinet"),
    ("Meeting date", dt.datetime(2025, 1, 30)),
    ("Title", "Commissioning Plan for Education Provision in Kent 2025-29"),
    ("House style", "../house-styles/kent"), ("Language", "en-GB"),
    ("From", "Rory Love, Cabinet Member for Education and Skills\nSarah Hammond, Corporate "
     "Director of Children, Young People and Education"),
    ("To", "Cabinet – 30 January 2025"),
    ("Subject", "Commissioning Plan for Education Provision in Kent 2025-29"),
    ("Classification", "Unrestricted"),
    ("Past Pathway of report", "CYPE Cabinet Committee - 21 November 2024"),
    ("Future Pathway of report", "Cabinet Decision"), ("Electoral Division", "All"),
]

S, P, NP, B, T = "section", "paragraph", "numbered paragraph", "bullet", "table"
BOX = "boxed paragraph"
TEXT: list[tuple[str, str, str]] = [
    ("unnumbered section", "Summary", ""),
    (BOX, "This report provides the Cabinet with the Commissioning Plan for Education Provision "
     "in Kent 2025-29 for approval.", ""),
    (BOX, "Recommendation(s):", ""),
    (BOX, "Cabinet is asked to agree the Commissioning Plan for Education Provision in Kent "
     "2025-29.", ""),
    (S, "Introduction", ""),
    (NP, "The County Council is the Strategic Commissioner of Education Provision in Kent. This "
     "Commissioning Plan (KCP) sets out how we will carry out our responsibility for ensuring "
     "there are sufficient high quality places, in the right locations for all learners, while "
     "at the same time fulfilling our other responsibilities to raise education standards and "
     "recognise parental preference. The Plan details the expected future need for education "
     "provision, thereby enabling parents and education providers to put forward proposals as "
     "to how these needs might best be met.", ""),
    (NP, "The KCP sets out the principles by which we determine proposals, and it forecasts the "
     "need for future provision. It also sets out in more detail, plans to meet the "
     "commissioning needs which arise in each district and borough in Kent during the next "
     "five years.", ""),
    (NP, "This updated KCP is a ‘live’ document which underpins our on-going dialogue and "
     "consultation with schools, district and borough councils, diocesan authorities, KCC "
     "Members and local communities, to ensure we meet our responsibilities.", ""),
    (S, "The Demographic Context", ""),
    (NP, "Information from the Office for National Statistics shows that in 2005 there were "
     "15,613 live births in Kent (excluding Medway). The number of births rose each year up to "
     "2012 when there was a peak in births of 18,147 children. Since this time, birth numbers "
     "have fallen to 16,364 in 2022. KCC will continue to monitor this data and forecast its "
     "impact over time.", ""),
    (NP, "The number of children on the rolls of Kent schools is driven by the size of the "
     "school-aged population in the county but is also influenced by the number of children "
     "resident outside of Kent on the rolls of the county's schools, the take-up of state "
     "funded school places and other factors such as the pace and type of new housing. One "
     "further factor to monitor during the lifetime of this KCP is the level of displacement "
     "of children from independent schools into the maintained sector arising from the "
     "Government’s decision to impose VAT on independent school fees. Due to these additional "
     "factors, a change in the overall school-aged population in the county does not on its "
     "own necessarily translate into the same change in the number of children on the rolls "
     "of schools in Kent. Additionally, changes in the overall school age population at County "
     "or district level do not necessarily mirror changes in population at smaller geographic "
     "levels, such as planning groups.", ""),
    (NP, "As in previous years, the numbers of pupils identified as requiring a specialist "
     "place to meet their educational needs remains a challenge. As of January 2024, this "
     "totalled 19,407 children and young people with an EHCP in Kent. This is an increase of "
     "477 (2.5%) since January 2023. In England, the number of children and young people with "
     "EHCPs increased to 575,963 in January 2024, up by 11% from 2023. The number of EHCPs "
     "have increased each year since 2010. In Kent 34.8% of children and young people (34% in "
     "2023) are educated in mainstream schools (including SRPs), whilst the national figure is "
     "43.1%. Whereas 40.4% of Kent children and young people with EHCPs are educated in a "
     "special school (including independent schools) compared to 32.1% nationally.", ""),
    (S, "Our Commissioning Intentions", ""),
    (NP, "The KCP 2025-29 identifies the need for additional permanent and temporary "
     "mainstream school and specialist places each year as follows. Additional provision will "
     "be secured through a combination of expanding existing schools and opening new ones.", ""),
    (NP, "Within the individual district/borough sections we break down the expected "
     "surplus/deficit of places into smaller planning groups. This enables us to identify in "
     "more detail where and when provision may need to be added or removed. The pupil growth "
     "generated by new homes is forecast to produce significant demand for school places in "
     "specific planning groups over and above underlying demographic trends. This is "
     "particularly apparent in earlier years of the Plan within a number of primary planning "
     "groups impacted by substantial planned house building. The longer-term impact of this "
     "house building is also represented by the forecast need for significant additional "
     "secondary places in the latter period of the Plan.", ""),
    (NP, "Additional provision will be secured through a combination of expanding existing "
     "schools and opening new ones. The overall county commissioning intentions are shown "
     "below:", ""),
    (T, "Primary School Commissioning Intentions:", "Primary"),
    (P, "A total of 44.9FE across the Plan period and up to 120 temporary Year R places", ""),
    (T, "Secondary School Commissioning Intentions", "Secondary"),
    (P, "A total of 38FE across the Plan period and up to 810 temporary Year 7 places", ""),
    (T, "SEND Commissioning Intentions:", "SEND"),
    (P, "A total of 38FE across the Plan period and up to 810 temporary Year 7 places", ""),
    (P, "The SEN commissioning intentions within this Plan (shown above) are in line with the "
     "Safety Valve agreement and are limited to provision where there is already an "
     "established requirement. The consideration of need for further additional provision "
     "will be informed by the Sufficiency Plan and the Special School Review. These are most "
     "likely to inform our commissioning intentions from 2027 onwards.", ""),
    (S, "Financial Implications", ""),
    (NP, "The Local Authority as the Strategic Commissioner of Education Provision has a key "
     "role in securing funding to provide sufficient education provision in the County, "
     "particularly in schools, in order to meet its statutory responsibilities. The cost of "
     "delivering school places is currently met from Basic Need grant from the Government, "
     "prudential borrowing by the County Council, Section 106 property developer "
     "contributions and the Community Infrastructure Levy (CIL). Government funding for ‘Basic "
     "Need’ is allocated on a formula based upon information provided by local authorities "
     "concerning forecast numbers of pupils and school capacity.", ""),
    (NP, "Basic Need funding is allocated by Government on the basis of a comparison of school "
     "capacity (not pupil admission numbers) against forecast mainstream pupil numbers from "
     "reception year to year 11 uplifted to provide a 2 per cent operating margin. Where "
     "capacity is lower than forecast, the DfE provides funding towards the gap.", ""),
    (NP, "The allocations for the 2024-25 financial year are based upon the projected need for "
     "new places by September 2025 (the start of academic year 2025/26); Kent has been "
     "allocated £5,046,624. The 'lumpy' nature of establishing new school provision means that "
     "the County Council incurs the majority of the capital costs at the outset of mitigating "
     "a forecast place deficit, e.g. expanding a school by a whole FE; whereas the Basic Need "
     "formula does not account for this and provides the Council with funding for places in an "
     "incremental way over a longer period of time.", ""),
    (NP, "One funding option which can assist with or overcome the challenges of forward "
     "funding new schools is the Free Schools programme. We encouraged promoters to submit "
     "bids to Waves 13 and 14, with some success. However, as the free school programme has "
     "become more restrictive, being targeted to certain geographical areas of the Country in "
     "relation to mainstream schools, and of limited number for special schools and "
     "alternative provisions, it will not be the answer to all our needs. Additionally, it is "
     "not risk free for the Local Authority. Delays in delivery can require the Authority to "
     "put in place temporary provision with the resultant unplanned expense.", ""),
    (S, "Legal implications", ""),
    (NP, "Each project identified in the KCP will be subject to a separate consultation and "
     "decision-making process. The legal implications of each proposal will be identified at "
     "that time.", ""),
    (S, "Equalities implications", ""),
    (NP, "The equality impact assessment considers whether the commissioning principles and "
     "guidelines contained within the KCP may have an impact (either positive or negative) on "
     "any protected groups and if so what action, if any, should be taken to mitigate the "
     "negative impacts. Separate, more detailed equalities impact assessments will be "
     "completed as individual project consultations come forward to consider the impacts on "
     "any protected group arising from that individual education proposal.", ""),
    (S, "How does the proposed decision support Framing Kent’s Future and Securing Kent’s "
     "Future.", ""),
    (NP, "The KCP supports Priority 1: Levelling up Kent and Priority 2: Infrastructure for "
     "Communities within Framing Kent’s Future. The plan details the commissioning of "
     "education places from good or better providers, with the aim of providing good quality "
     "education provision that is accessible to communities across the county. Within "
     "Priority 1 the County Council has committed to maintain KCC’s strategic role in "
     "supporting schools in Kent to deliver accessible, high quality education provision for "
     "all families; the Kent Commissioning Plan outlines how we will continue to do so.", ""),
    (NP, "The commissioning intentions within the plan are based on detailed analysis, at "
     "county and district level, to accurately assess the need for primary, secondary and "
     "special school places over the coming years. In drawing up options for providing "
     "additional places, the Local Authority consider a range of practical issues, such as:",
     ""),
    (B, "The condition and suitability of existing premises.", ""),
    (B, "The ability to expand or alter the premises (including arrangements whilst works "
     "progress).", ""),
    (B, "The works required to expand or alter the premises.", ""),
    (B, "The estimated capital costs.", ""),
    (B, "The size and topography of the site.", ""),
    (B, "Environmental considerations.", ""),
    (B, "Future proofing.", ""),
    (B, "Road access to the site, including transport and safety issues.", ""),
    (NP, "Kent is committed to securing value for money when providing additional school "
     "accommodation, in line with the DfE’s baseline designs, and output performance "
     "specification. The construction methods for new accommodation will be that which are "
     "the most appropriate to meet the needs of provision, e.g. temporary or permanent "
     "provision and which represents good value for money.", ""),
    (NP, "The analysis of demand ensures that provision is only provided when and where it is "
     "necessary, in a manner that meets the Best Value duty placed upon the council. This "
     "work supports Objective 3: Policy choices and scope of Council’s ambitions of Securing "
     "Kent’s Future.", ""),
    (S, "Conclusion", ""),
    (NP, "The commissioning intentions outlined in the KCP are planned to ensure there are "
     "sufficient schools places, in the right locations and at the right time in order to "
     "fulfil our legal responsibility to offer an appropriate school place to all who require "
     "one. At the same time, we are committed to reducing the budget shortfall, but without "
     "compromising on the high-quality provision our children and young people deserve.", ""),
    (S, "Recommendation(s):", ""),
    (NP, "Cabinet is asked to agree the Commissioning Plan for Education Provision in Kent "
     "2025-29.", ""),
    (S, "Background Documents", ""),
    (NP, "Commissioning Plan for Education Provision in Kent 2024-28\nhttps://www.kent.gov.uk/"
     "education-and-children/schools/education-provision/education-provision-plan", ""),
    (NP, "Kent’s Strategy for Children and Young People with Special Educational Needs and "
     "Disabilities 2021-2024\nhttps://www.kent.gov.uk/__data/assets/pdf_file/0012/13323/"
     "Strategy-for-children-with-special-educational-needs-and-disabilities.pdf", ""),
    (S, "Contact details", ""),
    ("contact column", "Report Author:\nNick Abrahams\nAssistant Director Education – West Kent"
     "\nTelephone number\n03000 410058\nEmail address\nnicholas.abrahams@kent.gov.uk", ""),
    ("contact column", "Relevant Director:\nChristine McInnes\nDirector of Education\n"
     "Telephone number\n03000 418913\nEmail address\nChristine.mcinnes@kent.gov.uk", ""),
]
YEARS = ["By 2025-26", "By 2026-27", "By 2027-28", "By 2028-29"]
TABLES = {
    "Primary": [YEARS + ["Between 2029-32", "Post 2032"],
                ["0.3FE\n85 Year R temp places", "5FE\n10 Year R temp places",
                 "5FE\n25 Year R temp places", "6.3FE", "14.3FE", "14FE"]],
    "Secondary": [YEARS + ["Between 2029-32", "Post 2032"],
                  ["2FE\n150 Year 7 temp places", "0FE\n180 Year 7 temp places",
                   "10FE\n210 Year 7 temp places", "15FE\n165 Year 7 temp places",
                   "7FE\n105 Year 7 temp places", "4FE"]],
    "SEND": [YEARS, ["0 places", "440 places", "90 places", "0 places"]],
}


def house_style() -> None:
    """Kent's style: the starting copy, its Normal justified (Arial 12 already), its
    structure as Kent's reports show it."""
    shutil.rmtree(STYLE, ignore_errors=True)
    api.house_style(STYLE)
    doc = Document(str(STYLE / "reference.docx"))
    doc.styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    doc.save(str(STYLE / "reference.docx"))
    wb = openpyxl.load_workbook(STYLE / "house-style.xlsx")
    for row in wb["Layout"].iter_rows(min_row=2):
        if row[0].value in LAYOUT:
            row[1].value = LAYOUT[row[0].value]
    header = wb["Header block"]
    header.delete_rows(2, header.max_row)
    for fields in HEADER:
        header.append(list(fields))
    wb.save(STYLE / "house-style.xlsx")


def report() -> None:
    shutil.rmtree(REPORT, ignore_errors=True)
    with tempfile.TemporaryDirectory() as temp:
        started = Path(temp) / "report"
        api.init(started)
        wb = openpyxl.load_workbook(started / "report.xlsx")
    for name in ("Details", "Text", "Case studies", "Appendices"):
        wb[name].delete_rows(2, wb[name].max_row)
    for name in [n for n in wb.sheetnames if n not in ("Instructions", "Details", "Text",
                                                     "Case studies", "Appendices", "Lists")]:
        del wb[name]
    for field, value in DETAILS:
        wb["Details"].append([field, value])
    for style, text, key in TEXT:
        wb["Text"].append([style, text, key or None])
    for name, rows in TABLES.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    REPORT.mkdir(parents=True)
    wb.save(REPORT / "report.xlsx")
    workbooks.refresh(REPORT / "report.xlsx")  # the drop-downs of Kent's Details fields


if __name__ == "__main__":
    house_style()
    report()
