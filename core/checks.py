"""What is still missing before everyone leaves (会议小结): the summary's checks, each a rule over stored items.

A shortfall (an indicator behind target, a key-work item not met) needs a root cause; a root cause needs
evidence; an action needs an owner and a due date, and a standard the next review can check. The summary
screen lists what these return; the rules they apply (`shortfall`, `is_verified`, `is_complete`,
`smart_problems`) are `core.rules`'.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.model import Action, Gap, KeyWork, RootCause
from core.rules import Assessment, is_complete, is_verified, smart_problems


def _explained(causes: Iterable[RootCause]) -> set[int]:
    return {cause.gap_id for cause in causes}


def shortfalls_without_root_cause(assessments: Iterable[Assessment], gaps: Iterable[Gap],
                                  causes: Iterable[RootCause]) -> list[Assessment]:
    """Indicators behind target whose gap (presenter, indicator, period) has no root cause yet."""
    explained = _explained(causes)
    gap_ids = {(g.presenter, g.indicator_id, g.period): g.id for g in gaps if g.indicator_id is not None}
    return [a for a in assessments
            if a.shortfall and gap_ids.get((a.presenter, a.indicator.id, a.period)) not in explained]


def key_works_without_root_cause(items: Iterable[KeyWork], gaps: Iterable[Gap],
                                 causes: Iterable[RootCause]) -> list[KeyWork]:
    """Key-work items not met (重点工作未达成) whose shortfall has no root cause yet."""
    explained = _explained(causes)
    gap_ids = {g.key_work_id: g.id for g in gaps if g.key_work_id}
    return [item for item in items if item.met is False and gap_ids.get(item.id) not in explained]


def root_causes_without_evidence(causes: Iterable[RootCause]) -> list[RootCause]:
    """Root causes not yet verified by evidence (`core.rules.is_verified`)."""
    return [cause for cause in causes if not is_verified(cause)]


def incomplete_actions(actions: Iterable[Action]) -> list[Action]:
    """Actions without an owner or a due date (drafts until completed)."""
    return [action for action in actions if not is_complete(action)]


def not_checkable_actions(actions: Iterable[Action]) -> list[tuple[Action, list[tuple[str, str]]]]:
    """Actions whose standard the next review could not check (SMART), each with why
    (`core.rules.smart_problems`: i18n keys and the word that triggered them)."""
    found = []
    for action in actions:
        problems = smart_problems(action.measure, action.standard)
        if problems:
            found.append((action, problems))
    return found
