"""The learned relation model: candidates, features, the shipped model, training, and the discourse
rules that came with it (numbered lists of members, spokesmen). All text is written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import document_with_entities
from rasd.cli import app
from rasd.datafiles import DataFileError, read_json
from rasd.relate import relate_document
from rasd.relate.context import ArticleContext
from rasd.relate.relation_candidates import candidates
from rasd.relate.relation_features import features, stem
from rasd.relate.relation_model import NONE, RelationModel, learned_relations
from rasd.text import normalize

ISGS = {"type": "ORG", "subtype": "armed_group", "names": ["تنظيم الدولة الإسلامية في الصحراء الكبرى"]}
SIGNATURES = {"PER>ORG": ["member_of", "spokesman_of"], "LOC>LOC": ["located_in"], "ORG>LOC": ["located_in"]}


def _context(text: str, entities: dict) -> ArticleContext:
    return ArticleContext.build(document_with_entities(text, entities, "2021-03-14"))


def test_candidates_pair_typed_mentions_of_one_sentence_only() -> None:
    ctx = _context(
        "قال أبو الوليد الصحراوي إن تنظيم الدولة الإسلامية في الصحراء الكبرى ينشط قرب مدينة ميناكا. "
        "وزار سيدي محمد النيجر الأسبوع الماضي.",
        {
            "walid": {"type": "PER", "names": ["أبو الوليد الصحراوي"]},
            "isgs": ISGS,
            "menaka": {"type": "LOC", "names": ["ميناكا"]},
            "sidi": {"type": "PER", "names": ["سيدي محمد"]},
            "niger": {"type": "LOC", "names": ["النيجر"]},
        },
    )
    pairs = {(c.subject.entity.id, c.object.entity.id) for c in candidates(ctx, SIGNATURES)}
    # PER>ORG and ORG>LOC in the first sentence; never ORG>PER (no such signature) nor across sentences.
    assert pairs == {("walid", "isgs"), ("isgs", "menaka")}
    first = next(c for c in candidates(ctx, SIGNATURES) if c.object.entity.id == "menaka")
    assert first.subject_first and first.signature == "ORG>LOC" and first.sentence_index == 0


def test_features_are_general_stemmed_words_classes_and_the_place_hierarchy() -> None:
    assert stem(normalize("والناطق")) == "ناطق" and stem(normalize("بالمدينة")) == normalize("مدينة")
    ctx = _context(
        "وقال محمد الأمين، والناطق باسم تنظيم الدولة الإسلامية في الصحراء الكبرى، إن الهجوم وقع في بلدة أيورو بالنيجر.",
        {
            "amine": {"type": "PER", "names": ["محمد الأمين"]},
            "isgs": ISGS,
            "ayorou": {"type": "LOC", "names": ["أيورو"], "geo": [14.73, 0.92], "country": "NE"},
            "niger": {"type": "LOC", "names": ["النيجر"], "geo": [17.0, 9.0]},
        },
    )
    by_pair = {
        (c.subject.entity.id, c.object.entity.id): features(ctx, c) for c in candidates(ctx, SIGNATURES)
    }
    person = by_pair[("amine", "isgs")]
    assert {"sig=PER>ORG", "ord=PER>ORG:so", "bw=ناطق", "comma|PER>ORG:so", "osub=armed_group"} <= set(person)
    assert "cue|so=spokesman_of" in person  # the relation cue found between, as a class
    places = by_pair[("ayorou", "niger")]
    assert "inside" in places and "samecountry" in places and "gapw|LOC>LOC:so=ب" in places
    assert "outside" in by_pair[("niger", "ayorou")] if ("niger", "ayorou") in by_pair else True


def test_the_shipped_model_loads_and_keeps_its_schema() -> None:
    raw = read_json("relate/relation_model")  # validated against RelationModelFile
    model = RelationModel.load()
    assert model.classes[0] == NONE and len(model.index) == len(raw["weights"]) > 100
    assert set(model.signatures) >= {"PER>ORG", "LOC>LOC"}
    probs = model.probabilities(["sig=LOC>LOC", "inside", "gapw|LOC>LOC:so=ب"], "LOC>LOC")
    assert set(probs) == {NONE, "located_in"} and abs(sum(probs.values()) - 1) < 1e-9
    assert model.thresholds == model.meta["thresholds"]  # chosen by article-level CV
    assert model.meta["cv"]["folds"] == 5 and model.meta["articles"] == 54


def test_a_broken_model_file_is_refused_in_one_line(tmp_path: Path) -> None:
    data = RelationModel.load().to_data()
    data["intercept"] = data["intercept"][:-1]
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DataFileError, match=r"model\.json: .*intercept"):
        RelationModel.load(bad)


def test_the_model_adds_relations_the_rules_leave_and_never_duplicates_them() -> None:
    text = "وشهدت بلدة تيليا بإقليم تاهوا غرب النيجر هجوما أمس."
    ents = {
        "tillia": {"type": "LOC", "names": ["تيليا"]},
        "tahoua": {"type": "LOC", "names": ["تاهوا"]},
        "niger": {"type": "LOC", "names": ["النيجر"], "geo": [17.0, 9.0]},
    }
    doc = document_with_entities(text, ents, "2021-03-14")
    model = RelationModel.load()
    relate_document(doc, model)
    keys = [(r.type, r.subject, r.object) for r in doc.relations]
    assert len(keys) == len(set(keys))
    assert ("located_in", "tillia", "tahoua") in keys
    learned = [r for r in doc.relations if r.confidence >= model.threshold(r.type) and 0 < r.confidence < 1]
    assert learned and all(0 <= r.evidence.start < r.evidence.end <= len(text) for r in learned)
    assert learned_relations(ArticleContext.build(doc), model, doc.relations) == []  # nothing left to add


def test_the_model_never_reads_another_relation_over_a_decisive_cue() -> None:
    # Two groups with a pledge between them: whatever the model thinks, it may not call it part_of.
    text = "وكانت كتيبة الملثمين، المنشقة عن تنظيم القاعدة في بلاد المغرب الإسلامي، قد أعلنت مبايعتها لتنظيم داعش."
    ents = {
        "katiba": {"type": "ORG", "subtype": "armed_group", "names": ["كتيبة الملثمين"]},
        "aqim": {"type": "ORG", "subtype": "armed_group", "names": ["تنظيم القاعدة في بلاد المغرب الإسلامي"]},
        "isis": {"type": "ORG", "subtype": "armed_group", "names": ["داعش"]},
    }
    ctx = ArticleContext.build(document_with_entities(text, ents, "2021-03-14"))
    model = RelationModel.load()
    model.thresholds = {"default": 0.0}  # every candidate's best type would be kept
    learned = {(r.type, r.subject, r.object) for r in learned_relations(ctx, model)}
    assert not {
        t
        for t in learned
        if t[1:] in {("aqim", "isis"), ("isis", "aqim")} and t[0] != "pledged_allegiance_to"
    }


def test_a_numbered_list_of_people_after_a_lead_naming_one_group_are_its_members() -> None:
    items = "1- عمر ولد أحمد من مواليد 1990 2- سالم أغ محمد من مواليد 1988 3- يوسف بن علي من مواليد 1992"
    lead = "نشرت وزارة الداخلية قائمة بأسماء مقاتلين التحقوا بتنظيم الدولة الإسلامية في الصحراء الكبرى. وهم: "
    text = lead + items
    ents = {
        "ministry": {"type": "ORG", "subtype": "state_agency", "names": ["وزارة الداخلية"]},
        "isgs": ISGS,
        "omar": {"type": "PER", "names": ["عمر ولد أحمد"]},
        "salem": {"type": "PER", "names": ["سالم أغ محمد"]},
        "youssef": {"type": "PER", "names": ["يوسف بن علي"]},
    }
    doc = document_with_entities(text, ents, "2021-03-14")
    relate_document(doc)
    members = {r.subject for r in doc.relations if r.type == "member_of" and r.object == "isgs"}
    assert members == {"omar", "salem", "youssef"}
    # Without a list word in the lead, or with two groups named there, no one is made a member.
    doc = document_with_entities(lead.replace("قائمة بأسماء", "عن") + items, ents, "2021-03-14")
    relate_document(doc)
    assert not [r for r in doc.relations if r.type == "member_of"]


@pytest.mark.parametrize(
    "text",
    [
        "وقال الناطق الرسمي باسم تنظيم الدولة الإسلامية في الصحراء الكبرى عدنان أبو وليد إن التنظيم يتبنى الهجوم.",
        "وقال عدنان أبو وليد، المتحدث باسم تنظيم الدولة الإسلامية في الصحراء الكبرى، إن التنظيم يتبنى الهجوم.",
    ],
)
def test_a_spokesman_by_title_before_or_in_apposition(text: str) -> None:
    doc = document_with_entities(
        text, {"adnan": {"type": "PER", "names": ["عدنان أبو وليد"]}, "isgs": ISGS}, "2021-03-14"
    )
    relate_document(doc)
    assert ("spokesman_of", "adnan", "isgs") in {(r.type, r.subject, r.object) for r in doc.relations}


TINY_CORPUS = {
    "paragraphs": [
        {
            "id": "t1",
            "published": "2021-03-14",
            "text": "قتل مسلحون ثلاثة جنود في بلدة تيليا بإقليم تاهوا غرب النيجر أمس، وقال المتحدث باسم الجيش النيجري إن التحقيق جار.",
            "entities": {
                "tillia": {"type": "LOC", "names": ["تيليا"]},
                "tahoua": {"type": "LOC", "names": ["تاهوا"]},
                "niger": {"type": "LOC", "names": ["النيجر"]},
            },
            "relations": [["located_in", "tillia", "tahoua"], ["located_in", "tahoua", "niger"]],
        },
        {
            "id": "t2",
            "published": "2021-05-02",
            "text": "وقع الانفجار في مدينة غاو بشمال مالي، فيما وصل وزير الدفاع المالي إلى مدينة موبتي.",
            "entities": {
                "gao": {"type": "LOC", "names": ["غاو"]},
                "mali": {"type": "LOC", "names": ["مالي"]},
                "mopti": {"type": "LOC", "names": ["موبتي"]},
            },
            "relations": [["located_in", "gao", "mali"]],
        },
    ]
}


def test_rasd_train_relations_runs_on_a_tiny_written_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "tiny.json"
    corpus.write_text(json.dumps(TINY_CORPUS, ensure_ascii=False), "utf-8")
    out = tmp_path / "model.json"
    result = CliRunner().invoke(
        app, ["train", "relations", "--paragraphs", str(corpus), "--out", str(out), "--cv", "0"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["model"]["out"] == str(out) and "rules only" in report
    model = RelationModel.load(out)  # the written file keeps the schema
    assert model.classes == (NONE, "located_in") and model.signatures == {"LOC>LOC": ("located_in",)}
    assert model.meta["articles"] == 2


def test_rasd_train_relations_refuses_the_blind_set_and_no_input(tmp_path: Path) -> None:
    runner = CliRunner()
    blind = runner.invoke(
        app, ["train", "relations", "--gold", "tests/gold/news-blind", "--out", str(tmp_path / "m")]
    )
    assert blind.exit_code == 2 and "blind" in blind.output
    empty = runner.invoke(app, ["train", "relations", "--out", str(tmp_path / "m")])
    assert empty.exit_code == 2 and "no annotated articles" in empty.output
