"""Finer types after tagging: armed_group / state_agency / media for ORG, country / city / region /
feature for LOC. Known names decide first (gazetteer), then the trigger word in or just before the
mention («تنظيم …», «وكالة …», «مدينة …», «جبال …»). The knowledge base may refine them later."""

from __future__ import annotations

from collections.abc import Sequence

from rasd.recognise.clitics import split_proclitics
from rasd.recognise.features import trigger_classes
from rasd.recognise.gazetteer import Gazetteer

# Trigger class → subtype, per label; the first class found wins, in this order.
_CUES = {
    "ORG": (("org_media", "media"), ("org_armed", "armed_group"), ("org_state", "state_agency")),
    "LOC": (("loc_feature", "feature"), ("loc_city", "city"), ("loc_region", "region")),
}


def subtype_of(
    label: str, span: Sequence[str], before: Sequence[str], gazetteer: Gazetteer, cues: bool = True
) -> str | None:
    """``span``/``before``: normalised tokens of the mention and of the (up to two) words before it;
    ``cues=False``: known names only, no trigger words."""
    if not span:
        return None
    head = split_proclitics(span[0])[1]
    for name in ((head, *span[1:]), tuple(span)):
        known = gazetteer.lookup(name)
        if known and known.get(label):
            return known[label]
    label_cues = _CUES.get(label) if cues else None
    if not label_cues:
        return None
    triggers = trigger_classes()
    for word in (span[0], *reversed(before)):
        # «وكالة» is a word, not و + «كالة»: try the word as written before its stem.
        classes = triggers.get(word) or triggers.get(split_proclitics(word)[1], ())
        for cls, subtype in label_cues:
            if cls in classes:
                return subtype
    return None
