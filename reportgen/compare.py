"""What changed in a delivery plan since the last report, activity by activity.

Activities are matched by Ref alone: officers reword activities from one quarter to the next,
and a reworded activity with its Ref kept is the same activity. Statuses are ranked best to
worst as the house style lists them (``reportgen.words``), an empty status below them all; an
activity completed since the last report is *Completed*, one completed in both is *No change*
(never counted again), one not in the last plan is *New*. Activities gone since the last
report are listed with their last status, so nothing vanishes silently; a target date moved
(both from date cells) is listed with both dates.

Works on model objects only: the readers have found every problem, the writers print the
result (``reportgen.summary`` turns it into the appendix's words).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from reportgen import model, summary
from reportgen.errors import Problems
from reportgen.inputs.schema import ACTIVITIES, REF_COLUMN, STATUS_COLUMN, TARGET_DATE_COLUMN
from reportgen.words import (
    COMPLETED,
    IMPROVED,
    NEW,
    NO_CHANGE,
    REDATED,
    REMOVED,
    WORDS,
    WORSE,
    Words,
)


def rank(status: str, words: Words = WORDS) -> int:
    """A status's place, best (0, done) to worst; no status is below every word."""
    found = words.status_words
    return found.index(status) if status in found else len(found)


def direction(before: str, now: str, words: Words = WORDS) -> str:
    """The direction of travel of an activity in both plans, from its two statuses."""
    if now == words.done and before != words.done:
        return COMPLETED
    old, new = rank(before, words), rank(now, words)
    return IMPROVED if new < old else WORSE if new > old else NO_CHANGE


def counts(activities: list[model.Activity]) -> dict[str, int]:
    """Activities by status word ("" for none)."""
    return dict(Counter(a.status for a in activities))


def compare(plan: model.DeliveryPlan, before: model.DeliveryPlan, committee: str,
            date: dt.date, words: Words = WORDS) -> model.Comparison:
    """``plan`` held against ``before``, the plan of the report to ``committee`` of ``date``.

    Changes come in plan order: each current activity's (its status, then its target date),
    then the activities removed, in the order the last plan had them.
    """
    comparable = any(a.ref for a in before.activities)
    result = model.Comparison(committee, date, comparable, counts=counts(plan.activities))
    if not comparable:
        return result
    result.counts_before = counts(before.activities)
    last = {a.ref.casefold(): a for a in before.activities if a.ref}
    sheet = ACTIVITIES.name

    def change(kind: str, activity: model.Activity, before_: str, now: str, column: str,
               source: model.DeliveryPlan) -> None:
        result.changes.append(model.Change(
            kind, activity.ref, activity.activity, before_, now, source.workbook, sheet,
            activity.cells.get(column, "")))

    for activity in plan.activities:
        if not activity.ref:
            continue  # reported by ``attach``
        old = last.get(activity.ref.casefold())
        if old is None:
            result.directions[activity.ref] = NEW
            change(NEW, activity, "", activity.status, REF_COLUMN, plan)
            continue
        way = direction(old.status, activity.status, words)
        result.directions[activity.ref] = way
        if way != NO_CHANGE:
            change(way, activity, old.status, activity.status, STATUS_COLUMN, plan)
        if old.target_date and activity.target_date and old.target_date != activity.target_date:
            change(REDATED, activity, words.date(old.target_date),
                   words.date(activity.target_date), TARGET_DATE_COLUMN, plan)
    kept = {a.ref.casefold() for a in plan.activities if a.ref}
    for old in before.activities:
        if old.ref and old.ref.casefold() not in kept:
            change(REMOVED, old, old.status, "", REF_COLUMN, before)
    return result


def attach(report: model.Report, problems: Problems, words: Words = WORDS) -> None:
    """Give each delivery plan of ``report`` its comparison with the previous report's plan
    (the one under the same appendix Key, or the only one when both reports have one) and its
    preface; a plan that must be compared and has activities without a Ref is a problem at
    each empty cell.
    """
    plans = [a for a in report.appendices if isinstance(a.body, model.DeliveryPlan)]
    previous = report.previous
    for appendix in plans:
        plan = appendix.body
        assert isinstance(plan, model.DeliveryPlan)
        if previous is not None:
            _check_refs(plan, problems)
            before = previous.plans.get(appendix.key)
            if before is None and len(plans) == 1 and len(previous.plans) == 1:
                before = next(iter(previous.plans.values()))
            if before is None:
                problems.notes.append(f"{plan.workbook}: the previous report "
                                      f"'{previous.folder}' has no delivery plan under the key "
                                      f"'{appendix.key}', so there is nothing to compare with")
            else:
                plan.comparison = compare(plan, before, previous.committee, previous.date,
                                          words)
                if not plan.comparison.comparable:
                    problems.notes.append(
                        f"{before.workbook}: has no Refs, so there is nothing to compare with "
                        "yet; the appendix says so (give activities a Ref from now on)")
        if plan.has_statuses or plan.comparison is not None:
            plan.preface = summary.blocks(plan, words)


def _check_refs(plan: model.DeliveryPlan, problems: Problems) -> None:
    if not plan.has_refs:
        problems.add(plan.workbook, f"has no column headed '{REF_COLUMN}', and Details names "
                     "a previous report to compare with; expected a Ref for each activity, "
                     "kept from quarter to quarter", ACTIVITIES.name, "1:1")
        return
    for activity in plan.activities:
        if not activity.ref:
            problems.add(plan.workbook, "Ref is empty, and Details names a previous report to "
                         "compare with; expected the activity's reference, such as 1.2, kept "
                         "from quarter to quarter (a new activity takes a new one)",
                         ACTIVITIES.name, activity.cells.get(REF_COLUMN))
