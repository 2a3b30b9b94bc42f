"""Who carried out an event its own sentence names no actor for.

News often names the perpetrator apart from the event: the group claims it a sentence later («وتبنى
تنظيم داعش الهجوم»), or the event's clause only says «المسلحون» / «العناصر الإرهابية» after the
article has named the group. An analyst codes that group as the actor; so does this pass.
"""

from __future__ import annotations

import bisect
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
    claims = _claimants(ctx)  # in text order, so their sentence indices ascend
    claim_sentences = [i for i, _ in claims]
    groups = [m for m in ctx.mentions if _is_group(m)]  # in the order of ``ctx.mentions``: by start
    group_starts = [m.start for m in groups]
    for event in events:
        if event.actors or event.type not in kinds or event.modality != "asserted":
            continue
        index = ctx.sentence_index(event.evidence.start)
        # the first claim from the event's sentence on, if within reach (a bisection: a long article
        # has as many claims as events)
        first = bisect.bisect_left(claim_sentences, index)
        claimant = claims[first][1] if first < len(claims) and claims[first][0] <= index + reach else None
        if claimant is None and _generic_agents().search(
            ctx.ntext.slice(event.evidence.start, event.evidence.end)
        ):
            claimant = _last_group_before(groups, group_starts, event.trigger.start)
        if claimant is not None and claimant.entity.id not in event.targets:
            event.actors = [claimant.entity.id]


def _last_group_before(groups: list[MentionRef], starts: list[int], pos: int) -> MentionRef | None:
    """The last group (in the mentions' order) that ends by ``pos``: none starting after it can; of
    those starting before, only the few that overlap ``pos`` are stepped over."""
    i = bisect.bisect_right(starts, pos)
    while i > 0:
        i -= 1
        if groups[i].end <= pos:
            return groups[i]
    return None


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
