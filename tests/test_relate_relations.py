"""Typed relations with evidence and confidence, on the seeds' own constructions (own wording)."""

from __future__ import annotations

from conftest import document_with_entities
from rasd.record import Document
from rasd.relate import relate_document

BEL = {"type": "PER", "names": ["مختار بلمختار", "بلمختار"]}
AQIM = {"type": "ORG", "names": ["تنظيم القاعدة في بلاد المغرب الإسلامي", "القاعدة في بلاد المغرب الإسلامي"]}


def _triples(text: str, entities: dict) -> tuple[Document, set[tuple[str, str, str]]]:
    doc = document_with_entities(text, entities, "2014-10-22")
    relate_document(doc)
    return doc, {(r.type, r.subject, r.object) for r in doc.relations}


def test_leader_of_part_of_and_inferred_membership() -> None:
    doc, triples = _triples(
        "قال مصدر إن مختار بلمختار القيادي في إمارة الصحراء المنضوية تحت جناح ما يسمى بتنظيم القاعدة في بلاد المغرب الإسلامي يتواجد في ليبيا.",
        {"bel": BEL, "emirate": {"type": "ORG", "names": ["إمارة الصحراء"]}, "aqim": AQIM},
    )
    assert ("leader_of", "bel", "emirate") in triples
    assert ("part_of", "emirate", "aqim") in triples
    assert ("member_of", "bel", "aqim") in triples  # inferred, with lower confidence
    inferred = next(r for r in doc.relations if r.type == "member_of")
    direct = next(r for r in doc.relations if r.type == "leader_of")
    assert inferred.confidence < direct.confidence
    for r in doc.relations:
        assert 0 <= r.evidence.start < r.evidence.end <= len(doc.text)


def test_founded_after_an_apposition_comma() -> None:
    _doc, triples = _triples(
        "قتل مختار بلمختار، مؤسس كتيبة الموقعون بالدم، في غارة.",
        {"bel": BEL, "mua": {"type": "ORG", "names": ["الموقعون بالدم"]}},
    )
    assert triples == {("founded", "bel", "mua")}


def test_pledged_allegiance_with_a_glued_or_detached_lam() -> None:
    ents = {
        "hamada": {"type": "PER", "names": ["حمادة ولد محمد خيري"]},
        "isis": {"type": "ORG", "names": ["داعش"]},
    }
    _d, glued = _triples("ومنهم حمادة ولد محمد خيري الذي أعلن الولاء لداعش قبل عدة أشهر.", ents)
    _d, apart = _triples("ومنهم حمادة ولد محمد خيري الذي أعلن الولاء لـ «داعش» قبل عدة أشهر.", ents)
    assert glued == apart == {("pledged_allegiance_to", "hamada", "isis")}


def test_controls_a_city() -> None:
    _d, triples = _triples(
        "وتمكن لواء شهداء أبو سليم مؤخرا من السيطرة على مدينة درنة.",
        {
            "abusalim": {"type": "ORG", "names": ["لواء شهداء أبو سليم"]},
            "derna": {"type": "LOC", "names": ["درنة"]},
        },
    )
    assert ("controls", "abusalim", "derna") in triples


def test_reverse_cue_makes_the_second_mention_the_leader() -> None:
    _d, triples = _triples(
        "وأعلنت جماعة المرابطون بزعامة مختار بلمختار مسؤوليتها.",
        {"mur": {"type": "ORG", "names": ["المرابطون"]}, "bel": BEL},
    )
    assert ("leader_of", "bel", "mur") in triples


def test_title_before_the_group_and_name_after_it() -> None:
    _d, triples = _triples(
        "جدد البيعة لزعيم تنظيم القاعدة أيمن الظواهري.",
        {"aq": {"type": "ORG", "names": ["القاعدة"]}, "z": {"type": "PER", "names": ["أيمن الظواهري"]}},
    )
    assert ("leader_of", "z", "aq") in triples


def test_located_in_and_no_relation_across_a_clause_with_another_subject() -> None:
    _d, triples = _triples(
        "وقال المصدر إن بلمختار موجود في ليبيا، وإن تنظيم القاعدة في بلاد المغرب الإسلامي، يسعى لتوسيع شبكته.",
        {"bel": BEL, "libya": {"type": "LOC", "names": ["ليبيا"]}, "aqim": AQIM},
    )
    assert ("located_in", "bel", "libya") in triples
    assert not any(t[0] == "located_in" and t[1] == "aqim" for t in triples)


def test_relation_cues_are_data_with_known_entity_types() -> None:
    from rasd.relate.matching import load_data

    for pattern in load_data("relations")["patterns"]:
        assert set(pattern["subject"]) | set(pattern["object"]) <= {"PER", "ORG", "LOC"}
        assert pattern["cues"] and 0 < pattern["confidence"] <= 1


def test_subject_across_an_apposition_that_describes_it() -> None:
    ents = {
        "hamada": {"type": "PER", "names": ["حمادة ولد محمد خيري"]},
        "mujao": {"type": "ORG", "names": ["حركة التوحيد والجهاد"]},
        "isis": {"type": "ORG", "names": ["داعش"]},
    }
    _d, triples = _triples(
        "ويعتقد أن حمادة ولد محمد خيري، القيادي في حركة التوحيد والجهاد، أعلن الولاء لداعش.", ents
    )
    assert ("pledged_allegiance_to", "hamada", "isis") in triples
    assert ("pledged_allegiance_to", "mujao", "isis") not in triples
    assert ("leader_of", "hamada", "mujao") in triples


def test_an_apposition_that_brings_in_a_person_hands_the_verb_to_that_person() -> None:
    ents = {
        "jnim": {"type": "ORG", "names": ["جماعة نصرة الإسلام والمسلمين"]},
        "iyad": {"type": "PER", "names": ["إياد أغ غالي"]},
        "isis": {"type": "ORG", "names": ["داعش"]},
    }
    _d, triples = _triples(
        "أعلنت جماعة نصرة الإسلام والمسلمين، بقيادة إياد أغ غالي، الذي أعلن الولاء لداعش.", ents
    )
    assert ("leader_of", "iyad", "jnim") in triples
    assert ("pledged_allegiance_to", "jnim", "isis") not in triples


def test_possessive_title_points_back_to_the_group_named_before() -> None:
    ents = {"mur": {"type": "ORG", "names": ["المرابطون"]}, "bel": BEL}
    _d, triples = _triples(
        "نفت جماعة المرابطون في بيان نشرته أمس على مواقع جهادية مقتل زعيمها مختار بلمختار.", ents
    )
    assert triples == {("leader_of", "bel", "mur")}
    other = {**ents, "aq": {"type": "ORG", "names": ["القاعدة"]}}
    _d, triples = _triples("نفت جماعة المرابطون المقربة من القاعدة مقتل زعيمها مختار بلمختار.", other)
    assert ("leader_of", "bel", "mur") not in triples  # another group stands between: ambiguous


def test_the_object_of_a_preposition_is_not_the_subject_of_the_next_verb() -> None:
    ents = {
        "okba": {"type": "ORG", "names": ["كتيبة عقبة بن نافع"]},
        "aqim": AQIM,
        "b": {"type": "PER", "names": ["أبي بكر البغدادي"]},
    }
    _d, triples = _triples(
        "انشقت كتيبة عقبة بن نافع عن تنظيم القاعدة في بلاد المغرب الإسلامي وأعلنت مبايعتها لأبي بكر البغدادي.",
        ents,
    )
    assert ("pledged_allegiance_to", "aqim", "b") not in triples
    assert ("split_from", "okba", "aqim") in triples


def test_a_definite_group_noun_stands_for_the_group_named_before_it() -> None:
    ents = {
        "jund": {"type": "ORG", "names": ["جند الخلافة"]},
        "aqim": AQIM,
        "isis": {"type": "ORG", "names": ["داعش"]},
    }
    _doc, triples = _triples(
        "تبنى تنظيم جند الخلافة خطف الرهينة. وكان التنظيم، المنشق عن تنظيم القاعدة في بلاد المغرب الإسلامي، "
        "قد أعلن مبايعته لتنظيم داعش في سبتمبر.",
        ents,
    )
    assert {("split_from", "jund", "aqim"), ("pledged_allegiance_to", "jund", "isis")} <= triples
    # With no group before it, «التنظيم» stands for nothing, and a state body is never its referent.
    _doc, none_before = _triples("وكان التنظيم قد أعلن مبايعته لتنظيم داعش.", ents)
    assert none_before == set()
    army = {
        "army": {"type": "ORG", "subtype": "state_agency", "names": ["الجيش المالي"]},
        "isis": ents["isis"],
    }
    _doc, state = _triples("أعلن الجيش المالي حالة الطوارئ. وقال إن الجماعة أعلنت مبايعتها لداعش.", army)
    assert not any(t[1] == "army" for t in state)


def test_each_group_of_a_list_joins_the_merger() -> None:
    ents = {
        "ansar": {"type": "ORG", "names": ["أنصار الدين"]},
        "murabitun": {"type": "ORG", "names": ["المرابطون"]},
        "emirate": {"type": "ORG", "names": ["إمارة الصحراء"]},
        "jnim": {"type": "ORG", "names": ["جماعة نصرة الإسلام والمسلمين"]},
    }
    _doc, triples = _triples(
        "أعلنت جماعات أنصار الدين والمرابطون وإمارة الصحراء في شريط مصور اندماجها في تنظيم جديد "
        "يحمل اسم جماعة نصرة الإسلام والمسلمين.",
        ents,
    )
    assert triples == {("part_of", g, "jnim") for g in ("ansar", "murabitun", "emirate")}
