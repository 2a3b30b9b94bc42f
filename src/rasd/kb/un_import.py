"""Import the UN Security Council consolidated sanctions list (the XML the UN publishes).

Keeps what resolution needs: reference number, list, names (Latin and Arabic original script),
aliases with their quality, nationality, and the reference numbers that the narrative cites
(«Head of Al Mourabitoun (QDe.141)»), which become links between records. The narrative itself
is not copied.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Regimes of the field by default; ``regimes=None`` keeps the whole list.
FIELD_REGIMES = ("Al-Qaida", "Mali", "Libya")
_REF = re.compile(r"\b([A-Z]{2}[ie]\.\d{3})\b")
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


@dataclass
class UNAlias:
    name: str
    quality: str  # "Good" / "Low" for individuals; "a.k.a." / "f.k.a." for entities


@dataclass
class UNRecord:
    ref: str
    kind: str  # "individual" or "entity"
    regime: str
    name: str
    name_ar: str | None
    aliases: list[UNAlias] = field(default_factory=list)
    nationality: list[str] = field(default_factory=list)
    listed_on: str | None = None
    links: list[str] = field(default_factory=list)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _record(node: ET.Element, kind: str) -> UNRecord:
    ref = _clean(node.findtext("REFERENCE_NUMBER"))
    name = " ".join(p for p in (_clean(node.findtext(tag)) for tag in _NAME_PARTS) if p)
    tag = "INDIVIDUAL_ALIAS" if kind == "individual" else "ENTITY_ALIAS"
    aliases = [
        UNAlias(_clean(a.findtext("ALIAS_NAME")), _clean(a.findtext("QUALITY")) or "a.k.a.")
        for a in node.findall(tag)
        if _clean(a.findtext("ALIAS_NAME"))
    ]
    comments = node.findtext("COMMENTS1") or ""
    links = sorted({r for r in _REF.findall(comments) if r != ref})
    return UNRecord(
        ref=ref,
        kind=kind,
        regime=_clean(node.findtext("UN_LIST_TYPE")),
        name=name,
        name_ar=_clean(node.findtext("NAME_ORIGINAL_SCRIPT")) or None,
        aliases=aliases,
        nationality=[_clean(v.text) for v in node.findall("NATIONALITY/VALUE") if _clean(v.text)],
        listed_on=_clean(node.findtext("LISTED_ON")) or None,
        links=links,
    )


def read_un_list(path: str | Path, regimes: tuple[str, ...] | None = FIELD_REGIMES) -> list[UNRecord]:
    """Records of the consolidated list at ``path``, restricted to ``regimes`` (None: all)."""
    root = ET.parse(path).getroot()  # the UN's own file; the stdlib parser does not fetch entities
    records: list[UNRecord] = []
    for kind, xpath in (("individual", "INDIVIDUALS/INDIVIDUAL"), ("entity", "ENTITIES/ENTITY")):
        for node in root.findall(xpath):
            rec = _record(node, kind)
            if rec.ref and (regimes is None or rec.regime in regimes):
                records.append(rec)
    return records


def write_un_json(records: list[UNRecord], out: str | Path, source: str) -> None:
    payload = {"source": source, "records": [asdict(r) for r in records]}
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def load_un_json(text: str) -> list[UNRecord]:
    data = json.loads(text)
    return [
        UNRecord(**{**r, "aliases": [UNAlias(**a) for a in r.get("aliases", [])]}) for r in data["records"]
    ]
