"""Who carried out an event its own sentence names no actor for.

News often names the perpetrator apart from the event: the group claims it a sentence later («وتبنى
تنظيم داعش الهجوم»), or the event's clause only says «المسلحون» / «العناصر الإرهابية» after the
article has named the group. An analyst codes that group as the actor; so does this pass.
"""

from __future__ import annotations

import re
from functools import cache

from rasd.record import Event
from rasd.relate.context import ArticleContext, MentionRef
from rasd.relate.matching import load_data, phrase_pattern


@cache
def _cues() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_data("events")["responsibility_cues"], clitics=True, inflect=True))


@cache
def _generic_agents() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_data("events")["generic_agents"], clitics=True))


def _is_group(m: MentionRef) -> bool:
    return m.entity.type == "ORG" and m.entity.subtype in (None, "armed_group", "militant")


def attribute_actors(ctx: ArticleContext, events: list[Event]) -> None:
    """Give actor-less events of the claimable types the group that claims them, else, where their
    clause has a generic agent, the last armed group named before them."""
    data = load_data("events")
    kinds, reach = frozenset(data["claimable_types"]), int(data["responsibility_reach"])
    claims = _claimants(ctx)
    for event in events:
        if event.actors or event.type not in kinds or event.modality != "asserted":
            continue
        index = ctx.sentence_index(event.evidence.start)
        claimant = next((m for i, m in claims if index <= i <= index + reach), None)
        if claimant is None and _generic_agents().search(
            ctx.ntext.slice(event.evidence.start, event.evidence.end)
        ):
            named = [m for m in ctx.mentions if m.end <= event.trigger.start and _is_group(m)]
            claimant = named[-1] if named else None
        if claimant is not None and claimant.entity.id not in event.targets:
            event.actors = [claimant.entity.id]


def _claimants(ctx: ArticleContext) -> list[tuple[int, MentionRef]]:
    """(sentence index, group) for each claim of responsibility: the group named next to the cue, in
    its sentence («وتبنى تنظيم داعش الهجوم», «جماعة X تبنت الهجوم»)."""
    out: list[tuple[int, MentionRef]] = []
    for m in _cues().finditer(ctx.ntext.norm):
        start, end = ctx.ntext.to_original(m.start(), m.end())
        index = ctx.sentence_index(start)
        sentence = ctx.sentences[index]
        after = [g for g in ctx.mentions_in(end, sentence.end) if _is_group(g)]
        before = [g for g in ctx.mentions_in(sentence.start, start) if _is_group(g)]
        group = after[0] if after and after[0].start - end < 40 else (before[-1] if before else None)
        if group is not None:
            out.append((index, group))
    return out
