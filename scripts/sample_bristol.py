# ruff: noqa: E501 - the report's paragraphs, one a line, as an officer pasted them
"""Write the Bristol sample: Bristol City Council's house style (``inputs/house-styles/bristol``)
and its Transport and Connectivity Policy Committee report of 12 September 2024, Workplace
Parking Levy (``../shared/councils/bristol-cc-transport-committee-2024-09-12-workplace-parking-
levy-key-decision.txt``), entered as an officer would: the style from ``reportgen init
--house-style`` changed in Word and Excel, the report from ``reportgen init`` filled in.

Run from the repository: ``.venv/bin/python scripts/sample_bristol.py`` (it replaces both).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import openpyxl
from docx import Document
from docx.shared import Pt

from reportgen import api
from reportgen.start import workbooks

ROOT = Path(__file__).resolve().parent.parent
STYLE = ROOT / "inputs" / "house-styles" / "bristol"
REPORT = ROOT / "inputs" / "bristol-cc-transport-committee-2024-09-12-workplace-parking-levy"

LAYOUT = {"Header block shown as": "ruled table", "Title lines": "Committee Report",
          "Title case": "as typed", "Date format": "20 June 2013", "Sections": "none",
          "Paragraphs": "1 under each heading", "Appendices": "A", "Appendix word": "Appendix",
          "Roman item markers": "a.", "Logo": "logo.png",
          "Footer lines": "{page}\nVersion January 2024\nOFFICIAL"}
HEADER = [("Purpose", "PURPOSE:", "Yes"),
          ("Key or non-key decision", "KEY OR NON-KEY DECISION:", "Yes"),
          ("Committee", "COMMITTEE:", "Yes"), ("Meeting date", "DATE:", "Yes"),
          ("Title", "TITLE:", "Yes"), ("Wards", "Ward(s):", "Yes"),
          ("Officer presenting", "Officer presenting the report:", "Yes"),
          ("Job title", "Job title:", "Yes"), ("Committee Chair", "Committee Chair:", "Yes"),
          ("Executive Director lead", "Executive Director lead:", "Yes"),
          ("Proposal origin", "Proposal origin:", "Yes")]
DETAILS = [
    ("Council", "Bristol City Council"), ("Committee", "Transport and Connectivity Committee"),
    ("Meeting date", dt.datetime(2024, 9, 12)), ("Title", "Workplace Parking Levy"),
    ("House style", "../house-styles/bristol"), ("Language", "en-GB"),
    ("Purpose", "Final Decision Report"),
    ("Key or non-key decision", "Key decision over £500k spend/save & impacts more than 2 wards"),
    ("Wards", "All wards"), ("Officer presenting", "Adam Crowther"),
    ("Job title", "Head of City Transport"), ("Committee Chair", "Councillor Ed Plowden"),
    ("Executive Director lead", "John Smith: Executive Director for Growth & Regeneration"),
    ("Proposal origin", "Committee Chair"),
]
TABLES = {
    "Costs": [["Revenue Cost", "£1m", "Source of Revenue", "Clean Air Zone Funding"],
              ["Capital Cost", "", "Source of Capital Funding", "N/A"]],
    "Appendices checklist": [
        ["Appendix", "Included"],
        ["Appendix A – Further essential background / detail on the proposal\nFeasibility Study Report", "YES"],
        ["Appendix B – Equality Impact Assessment (EqIA)", "YES"],
        ["Appendix C – Environmental Impact Assessment", "YES"],
        ["Appendix D – Decision Risk Assessment", "YES"],
        ["Appendix E – Exempt Information", "NO"],
        ["Appendix F – Details of consultation carried out - internal and external", "NO"],
        ["Appendix G – Options appraisal matrix", "NO"],
        ["Appendix H – Business case / financial analysis", "NO"]],
}
TEXT = [
    ('section', 'Purpose of Report', ''),
    ('paragraph', 'This report sets out the current thinking around how a Workplace Parking Levy would work and what it would need to deliver it and seeks approval to allocate funding for development of the business case for the scheme.', ''),
    ('section', 'Evidence Base / Options to consider', ''),
    ('section', 'Background', ''),
    ('numbered paragraph', 'The aim of a Workplace Parking Levy (WPL) scheme is to tackle congestion by placing a charge upon the use of commuter workplace parking places (WPPs). The parking places may have been free of charge to the employees for some time previously. The aim is also to encourage employers to manage the number of free workplace parking places that they provide, whilst promoting the use of sustainable transport. The introduction of a WPL has other benefits associated with the reduction in the use of the car and increase in the use of alternative modes such as walking, cycling and public transport e.g., improvements to health and the environment.', ''),
    ('numbered paragraph', 'The details of the potential WPL scheme requires further work but essentially workplaces with parking places would face an annual charge per parking place and the employer would decide whether to pass that compulsory charge onto the employee or not. The parking charges earned from the scheme provide local authorities with a ring-fenced source of revenue to fund Local Transport Plan policies and objectives (and the associated transport schemes such as improved bus services). Specifically, the Transport Act 2000 Road User Charging and Workplace Parking Levy Explanatory Note, states: “The Act enables local traffic authorities outside London to introduce road user charging and workplace parking levies to help tackle congestion and use the revenue to directly or indirectly facilitate local transport policy goals of the licensing authority.”', ''),
    ('numbered paragraph', 'A workplace parking levy study was first carried out by Atkins in 2011 to examine the options for implementing a charge to fund transport projects such as metrobus. The scheme was not taken forward at the time.', ''),
    ('numbered paragraph', 'Subsequently there have been discussions regarding a WPL, but no conclusions have been reached as to whether to take forward a WPL scheme. The Green Party proposed a full council budget amendment that was passed to provide funding for an updated WPL report to examine the options and how a scheme might be delivered. Nottingham City Council (NCC) were commissioned to carry out that report (the Feasibility Study) to advise on how a scheme could be delivered and over what time frame, should the council decide to proceed. The outcomes from that study are discussed in this report and the whole report is attached in Appendix A.', ''),
    ('numbered paragraph', 'In November 2021 Full Council passed a resolution to summarise this report and bring it before Full Council, but this did not happen (https://democracy.bristol.gov.uk/documents/s67446/Minutes%20Public%20Pack%2009112021%2 0Full%20Council%206pm.pdf).', ''),
    ('numbered paragraph', 'Subsequently the Green Party manifesto contained a commitment to implement a WPL.', ''),
    ('section', 'Challenges', ''),
    ('numbered paragraph', 'Increasing congestion', ''),
    ('numbered paragraph', 'Poor air quality', ''),
    ('numbered paragraph', 'Climate and Ecological Emergency declared', ''),
    ('numbered paragraph', 'Funding shortfall for sustainable transport projects', ''),
    ('section', 'Possible Outcomes / Comparative Position at Nottingham', ''),
    ('numbered paragraph', 'Nottingham’s WPL has been operational since 2012 and £83 million revenue has been generated.', ''),
    ('numbered paragraph', 'A 5.79% reduction in average total transport emissions in Nottingham is reported since 2012.', ''),
    ('numbered paragraph', 'Nottingham saw a reduction in workplace parking of around 16% when the WPL was introduced (Page28-Appendix A).', ''),
    ('numbered paragraph', 'Nottingham’s annual levy charge is currently £550.', ''),
    ('numbered paragraph', 'Bristol has a different layout and business distribution to Nottingham, so a different approach is proposed. Rather than a lower city-wide charge a higher, smaller central core area scheme is an option for Bristol.', ''),
    ('numbered paragraph', 'A central charging zone priced at around £20 per week could generate around £8-10m per year', ''),
    ('numbered paragraph', 'For comparison purposes of annual transport costs in Bristol, multi-storey car parks owned by Bristol City Council have annual season tickets ranging from £2,808-£3,744 (£54-72 per week).', ''),
    ('numbered paragraph', 'The cost of an annual First Bus Bristol Zone travel pass is £841 (£16 per week).', ''),
    ('numbered paragraph', 'The central area is well served from all directions by public transport, P&Rs and walking and cycling routes ensuring that alternative options are available for those using the WPPs.', ''),
    ('section', 'Solutions', ''),
    ('numbered paragraph', 'A decision of where to go next with a WPL and an appreciation of the amount of work, time and expense is needed. To get to the next stage (as described in the Appendix A report) is a complicated, detailed process. The NCC report describes the process that Bristol would need to go through to implement a WPL for the city as below:', ''),
    ('bullet', 'Stage One: Scheme Development and Outline Business Case (OBC)', ''),
    ('bullet', 'Stage Two: Public Consultation, Final Business Case (FBC) and Scheme Approval (the FBC will be submitted to the Secretary of State for Transport for their approval to progress to Stage Three)', ''),
    ('bullet', 'Stage Three: Implementation and Operation', ''),
    ('numbered paragraph', 'Extracting key information from that report and reaching a decision as to what to do next is the basis of this committee report. Below is some key information to help make that decision:', ''),
    ('numbered item', 'As described in the report, Stage One is an Outline Business Case and the work to do this would take approximately a year. It could cost up to £1m but this will depend on the size and type of scheme so costs could be less. Further breakdown of this work is in Appendix G.', ''),
    ('numbered item', 'The funds from a WPL could be used to support delivery of sustainable transport projects such as the Strategic Corridors package or Mass Transit plans which would also assist with asset maintenance across the city. It could also be used to fund ongoing public transport services through contracts or subsidies. This will enable Bristol City Council to achieve the vision and targets outlined in the One City Plan and JLTP4 and is fundamental to business case scheme approval. More detail would be provided on proposed schemes before submission to the Secretary of State.', ''),
    ('numbered item', 'Stage One will develop the principles of the scheme such as the charging structure, exact locations, costs and exemptions. Also developing further what transport schemes the generated revenue will be used for.', ''),
    ('numbered item', 'At the end of Stage One is a potential holding point for a final decision to either stop any further scheme development, delay scheme development, undertake further works to enhance the OBC or approve and proceed to Stage Two and a public consultation.', ''),
    ('numbered item', 'The total estimated cost and time to implement a WPL (Stage 1-3) would be three years and around £2million.', ''),
    ('numbered item', 'Stage 2, in summary, would involve public consultation, the WPL approval processes and the working systems.', ''),
    ('numbered item', 'Stage 3, simplified, would involve recruiting and training staff, confirming operational models, financial systems, employer engagement and purchasing equipment.', ''),
    ('numbered item', 'The staff/resource requirements are suggested to be 10 internal BCC roles (not all full time on the project) and 3 or 4 external consultants/advisory specialists. Nottingham City Council can support with some of the work. An experienced internal project manager is required. Resource can be drawn from our Strategic Partners, and this could include some or all of the internal roles.', ''),
    ('section', 'Officer Recommendations', ''),
    ('paragraph', 'That the Committee for Transport and Connectivity', ''),
    ('numbered paragraph', 'Approve, subject to suitable resource being available, so as not to delay the implementation of the CRSTS programme or other key transport programmes, the progression to Stage One Development and Outline Business Case (OBC) at a cost of up to £1m. Approve testing options for a WPL and the potential benefits and issues those options would create to enable a more informed decision to be taken as to whether to proceed to FBC and potential subsequent delivery of a WPL.', ''),
    ('numbered paragraph', 'Stage One Development and OBC costs to be funded through CAZ funding to be repaid from subsequent income generated from the scheme.', ''),
    ('section', 'Contractual', ''),
    ('numbered paragraph', 'Authorises the Executive Director Growth and Regeneration in consultation with Committee Chair for Transport and Connectivity to procure/extend/vary and award the contract(s) necessary for the implementation of Stage 1 of the WPL, in-line with the procurement routes and maximum budget envelopes outlined in this report, noting the associated Legal commentaries.', ''),
    ('numbered paragraph', 'Authorises the Exec Director for Growth and Regeneration to invoke any subsequent extensions/variations specifically defined in the contract(s) being awarded, up to the maximum budget envelope outlined in this report.', ''),
    ('section', 'Corporate Strategy alignment', ''),
    ('numbered paragraph', 'Putting a WPL in place in Bristol allows us to invest in a transport system that connects people sustainably. It will enable us to provide a system that connects people to jobs through better investment where it is needed such as an improved public transport system.', ''),
    ('numbered paragraph', 'It supports inclusive Good Growth through a more managed car parking system.', ''),
    ('numbered paragraph', 'It works towards tackling the urgency of climate and ecological emergencies declared in the city and efforts to promote carbon neutrality by reducing the numbers of cars in the city and improving public transport options.', ''),
    ('section', 'City Benefits', ''),
    ('numbered paragraph', 'The introduction of a WPL has benefits associated with the reduction in the use of the car and increase in the use of alternative modes such as walking, cycling and public transport. These include improvements to people’s health and the environment.', ''),
    ('numbered paragraph', 'There is likely to be a reduction in the amount of carbon dioxide due to the reduction in the number of cars/trips into the city centre. . This would also improve air quality due to a lowering of emissions and particulates and may include other health benefits such as a reduction in traffic noise.', ''),
    ('numbered paragraph', 'There would also be a reduction in congestion and the other associated negative impacts, which damage our economy and are a burden on businesses that need to move people and goods around the City. The business community will be a key stakeholder throughout the process.', ''),
    ('numbered paragraph', 'More sustainable transport options would become available due to the extra funds from the introduction of the Levy. This would benefit younger people who have more limited car access and lower car use but make better use of buses, trains and bicycles. Younger people rely on public transport to access education, training, employment and recreational opportunities. From the age of 16 onwards the bus becomes an important tool in enabling young people to access employment and training. Similarly, women have more limited car use but are more likely to be a carer or single parents so this proposal may have an impact on them. Young people, older people and disabled people are more likely to use the bus service than women and other equality groups. Lack of adequate public transport creates barriers to accessing employment and educational opportunities. Full Equalities impacts will be undertaken, including any “downsides” that need to be mitigated, including for disabled people who may be reliant on private cars.', ''),
    ('section', 'Consultation Details', ''),
    ('paragraph', 'When and where has / will this proposal be discussed? e.g. partner consultation, member consultation, public consultation. Add further details in the evidence base or appendix F if required.', ''),
    ('numbered paragraph', 'The proposal has/will be discussed at the following:', ''),
    ('roman item', 'Full council debate', ''),
    ('roman item', 'Golden Motion', ''),
    ('roman item', 'Budget amendment', ''),
    ('numbered paragraph', 'A workplace parking levy is referenced in and consulted on as part of the Joint Local Transport Plan 4 and Bristol Transport Strategy', ''),
    ('numbered paragraph', 'The Feasibility Study discusses where consultation should be undertaken when developing the WPL. This includes the following:', ''),
    ('roman item', 'As part of Stage One which includes the scheme development, developing datasets on employers and a set of scheme principles. The scheme principles will then be a key component of the Stakeholder Management Strategy and Communications Plan which will be about stakeholder engagement, especially with the city centre business community, in advance of the public consultation workstream in Stage Two. The Plan will be used to discuss and gain an understanding of the future transport infrastructure that medium and large employers would like to see introduced.', ''),
    ('roman item', 'Stage Two of the WPL Route Map will focus on preparing the relevant documentation, processes, procedures and activities to undertake a formal public consultation. This will need to include creating and managing documentation (leaflets, posters, letters, etc.) and communication platforms (social media, websites, phoneline, email inboxes, etc. The public consultation programme will require a significant amount of additional resources to undertake events and activities, engaging with interested parties and stakeholders through both proactive and reactive communications. The consultation will include the processing, categorisation and management of all responses, as well as any additional data collection, analysis and compilation of reports that will form a necessary part of the submission to the Secretary of State for Transport for approval. The result of the work detailed above will culminate in the production of a suite of public consultation documents, setting out Bristol City Council’s response to the public consultation and informing the production of the FBC. The resulting FBC will be the justification for Bristol City Council’s WPL scheme, and at this point, the scheme will be based upon robust and tested evidence, which has met or exceeded the legislative requirements addressed in the Red Tape Challenge and has undergone significant and sustained local, regional and national scrutiny.', ''),
    ('roman item', 'Further information on the Stakeholder Management Strategy and Communications Plan starts on page 38 of the Feasibility Study report.', ''),
    ('roman item', 'The Route Map in Appendix C of the Feasibility report gives a good overview of where the elements of consultation fit in in the process', ''),
    ('numbered paragraph', 'Appendix G in the feasibility report gives an overview of the stakeholders in a Stakeholder radar.', ''),
    ('section', 'Background Documents', ''),
    ('paragraph', 'Appendix A: Feasibility Study Report for a WPL Scheme in Bristol-Final Draft', ''),
    ('table', '', 'Costs'),
    ('paragraph', 'One off cost ☒ Ongoing cost ☐ Saving Proposal ☐ If yes - existing or new saving? Choose an item. OR Income generation proposal ☒', ''),
    ('section', 'Professional comments section', ''),
    ('numbered paragraph', 'Finance Advice: The report is setting out the initial plans and draft assumption around the potential development and delivery of a Workplace Parking Levy (WPL) in Bristol.', ''),
    ('paragraph', 'The scheme would tackle environmental, and transport related challenges facing Bristol, generating funds to reinvest and promote more sustainable transport that fit the Local Transport Plan policies and objectives.', ''),
    ('paragraph', 'A feasibility study was conducted in November 2021 on how a scheme could be delivered in Bristol which this report refers to, setting out the key stages and costs associated.', ''),
    ('paragraph', 'This paper seeks to approve the initial stage one opening business case development, at a cost of £1m with a timeframe of one year. This work will cover initial scheme development, modelling, and data collection. Clear Air Zone (CAZ) has been suggested to fund this stage, repayable from the income WPL generates, but the council should investigate all funding options including grants and contributions from providers.', ''),
    ('paragraph', 'Further stages, two and three, would not be committed until stage one is fully completed, approved and funding identified, further decision would be required to progress from stage 1.', ''),
    ('paragraph', 'If implemented it is expected that the ongoing running costs of the scheme are low at around 5% of the potential income generated, costing around £0.5m per annum and funded from the income generated.', ''),
    ('paragraph', 'There is a significant amount of work to do to deliver the WPL scheme and several stages of approval to achieve, income and costings need firming up and reviewed by finance at each stage to minimise any financial risks.', ''),
    ('paragraph', 'Finance Business Partner: Kevin Jay, Finance Manager – Growth and Regeneration 14 August 2024.', ''),
    ('numbered paragraph', 'Legal Advice:', ''),
    ('paragraph', 'Legal Team Leader: The Transport Act 2000 permits the imposition of a Workplace Parking Levy to cover any part of the area of the Council making the scheme and requires that a scheme must be in support of the relevant local transport plan.', ''),
    ('paragraph', 'Where any proposals are to be the subject of a consultation exercise, the consultation must be carried out at a formative stage in the process, must give sufficient detail of the reasons for each proposal (so as to enable intelligent consideration of what is being proposed) and must allow sufficient time for any consultees to consider the proposals and respond to them. Any consultation response received must be conscientiously taken into account in finalising the decision. There must also be clear evidence that the decision maker has actively considered all the responses received, or at least a summary of them, before the decision (s) are made. Joanne Mansfield, Team Manager Legal Services 23 August 2024.', ''),
    ('numbered paragraph', 'Implications on IT: I can see no implications on IT regarding this activity. IT Team Leader: Alex Simpson – Lead Enterprise Architect 14 August 2024', ''),
    ('numbered paragraph', 'HR Advice: At this stage there are no implications for the workforce, but should a scheme be adopted there may be additional resource requirements to administer it.', ''),
    ('paragraph', 'HR Partner: Celia Williams, HR Business Partner (Growth and Regeneration) 13 August 2024', ''),
    ('section', 'APPENDICES', ''),
    ('table', '', 'Appendices checklist'),
]


def house_style() -> None:
    """Bristol's style: the starting copy in Calibri 11, its structure as the report shows."""
    shutil.rmtree(STYLE, ignore_errors=True)
    api.house_style(STYLE)
    doc = Document(str(STYLE / "reference.docx"))
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
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
    stand_in_logo(STYLE / "logo.png")


def stand_in_logo(path: Path) -> None:
    """A plain stand-in for Bristol's logo (the real one is the council's): a ruled box with
    the council's name, drawn here."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (600, 200), "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((8, 8, 592, 192), outline=(0, 0, 0), width=8)
    draw.text((60, 85), "BRISTOL CITY COUNCIL (stand-in logo)", fill=(0, 0, 0))
    picture.save(path, optimize=False)


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
    workbooks.refresh(REPORT / "report.xlsx")


if __name__ == "__main__":
    house_style()
    report()
