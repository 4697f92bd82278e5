"""The start of a delivery-plan appendix: progress at a glance, what changed, and the key.

Made as ordinary report blocks (headings, paragraphs, bulleted lists), so both writers print
them as they print any text, with the same structure for a screen reader: one document, not
two renderings of a summary. Every word comes from the house style's table
(``reportgen.words``); the counts from the plan and its comparison (``reportgen.compare``).
"""

from __future__ import annotations

from reportgen import model
from reportgen.words import NEW, REDATED, REMOVED, Words


def percent(count: int, total: int) -> int:
    """A whole percentage, halves rounded up (4 of 11 is 36%; 1 of 8 is 13%)."""
    return (200 * count + total) // (2 * total) if total else 0


def count_lines(plan: model.DeliveryPlan, words: Words) -> list[str]:
    """One line per status: completed first, counted apart; then each status of the
    activities in progress, out of those in progress, now and (when compared) last time.
    """
    comparison = plan.comparison
    compared = comparison is not None and comparison.comparable
    now = comparison.counts if comparison else _counts(plan)
    before = comparison.counts_before if comparison and compared else {}
    total, total_before = sum(now.values()), sum(before.values())
    done = words.done
    going, going_before = total - now.get(done, 0), total_before - before.get(done, 0)
    lines = [words.completed_count.format(status=done, count=now.get(done, 0))
             + (words.completed_before.format(count=before.get(done, 0)) if compared else "")]
    shown = list(words.status_words[1:])
    if now.get("", 0) or before.get("", 0):
        shown.append("")
    for status in shown:
        line = words.count.format(status=status or words.no_status, count=now.get(status, 0),
                                  total=going, percent=percent(now.get(status, 0), going))
        if compared:
            line += words.count_before.format(count=before.get(status, 0), total=going_before)
        lines.append(line)
    return lines


def _counts(plan: model.DeliveryPlan) -> dict[str, int]:
    found: dict[str, int] = {}
    for activity in plan.activities:
        found[activity.status] = found.get(activity.status, 0) + 1
    return found


def blocks(plan: model.DeliveryPlan, words: Words) -> list[model.Block]:
    """The preface of ``plan``'s appendix, its headings at the outcomes' level."""
    level = 3 if plan.title else 2
    comparison = plan.comparison
    compared = comparison is not None and comparison.comparable
    activities = plan.activities
    done = sum(1 for a in activities if a.status == words.done)
    counts = {"count": len(activities) - done, "completed": done, "total": len(activities)}
    out: list[model.Block] = [model.Heading(
        (words.summary_heading if comparison else words.summary_heading_first,), level=level)]
    if comparison is not None:
        when = {"committee": comparison.committee, "date": words.date(comparison.date)}
        if compared:
            out.append(model.Paragraph((words.in_progress.format(**counts, **when),)))
        else:
            out.append(model.Paragraph((words.in_progress_first.format(**counts),)))
            out.append(model.Paragraph((words.nothing_to_compare.format(**when),)))
    else:
        out.append(model.Paragraph((words.in_progress_first.format(**counts),)))
    out.append(model.List("bullet", [(line,) for line in count_lines(plan, words)]))
    if comparison is not None and compared:
        out.append(model.Heading((words.changes_heading,), level=level))
        out.extend(change_blocks(comparison, words, level + 1))
    out.append(model.Heading((words.key_heading,), level=level))
    out.append(model.List("bullet", [
        (words.key_status.format(word=s.word, meaning=s.meaning),) for s in words.statuses]))
    if compared:
        out.append(model.List("bullet", [
            (words.key_direction.format(word=words.direction(key), meaning=meaning),)
            for key, meaning in words.direction_meanings.items()]))
    return out


def change_text(change: model.Change, words: Words) -> str:
    """One change as the list prints it: "1.2 Wolves in the Community: On target to Some
    delay"."""
    if change.kind == REMOVED:
        what = words.removed.format(status=change.before or words.no_status_before)
    elif change.kind == REDATED:
        what = words.redated.format(before=change.before, now=change.now)
    elif change.kind == NEW:
        what = change.now or words.no_status
    else:
        what = words.status_change.format(before=change.before or words.no_status_before,
                                          now=change.now or words.no_status)
    activity = " ".join(change.activity.split())
    if len(activity) > 90:  # a cell of several paragraphs: its opening words name it
        activity = activity[:90].rsplit(" ", 1)[0] + " …"
    return words.change_item.format(ref=change.ref, activity=activity, what=what)


def change_blocks(comparison: model.Comparison, words: Words, level: int
                  ) -> list[model.Block]:
    """The changes, under a sub-heading for each kind that has any (kept with its list on
    a page, in both files), in the house style's order."""
    out: list[model.Block] = []
    for kind, lead in words.change_kinds:
        items = [c for c in comparison.changes if c.kind == kind]
        if items:
            out.append(model.Heading((lead,), level=level))
            out.append(model.List("bullet", [(change_text(c, words),) for c in items]))
    if not out:
        out.append(model.Paragraph((words.no_changes,)))
    return out
