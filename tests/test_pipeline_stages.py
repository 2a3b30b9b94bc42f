"""Stages declare what they need and add; a pipeline is checked when built; stages swap by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.kb import KnowledgeBase
from rasd.pipeline import Pipeline, PipelineError
from rasd.read import RawArticle
from rasd.record import Document
from rasd.resources import Resources
from rasd.stages import DEFAULT_STAGES

TEXT = "قال مصدر أمني في باماكو أمس إن مسلحين من تنظيم القاعدة هاجموا دورية للجيش المالي شمال مالي."


def test_the_default_pipeline_runs_its_stages_in_order() -> None:
    pipeline = Pipeline()
    assert pipeline.names == list(DEFAULT_STAGES) == ["clean", "recognise", "resolve", "relate"]
    doc = pipeline.process(RawArticle(source="t.txt", text=TEXT, published="2015-07-22"))
    assert doc.id and doc.entities and doc.raw is None


def test_a_stage_whose_needs_no_earlier_stage_meets_is_refused_when_built() -> None:
    with pytest.raises(PipelineError, match="'resolve' needs spans"):
        Pipeline(stages=("clean", "resolve"))
    with pytest.raises(PipelineError, match="unknown stage 'parse'"):
        Pipeline(stages=("clean", "parse"))


class _CountingStage:
    """A user's own stage: counts the entities the stages before it found."""

    name = "count"
    requires = frozenset({"entities"})
    assigns = frozenset({"title"})

    def __init__(self, resources: Resources) -> None:
        self.kb = resources.kb

    def __call__(self, doc: Document) -> None:
        doc.title = f"{len(doc.entities)} entities"


def test_a_users_stage_is_added_by_name() -> None:
    pipeline = Pipeline(stages=(*DEFAULT_STAGES, "count"), factories={"count": _CountingStage})
    doc = pipeline.process(RawArticle(source="t.txt", text=TEXT))
    assert doc.title == f"{len(doc.entities)} entities"


def test_a_stage_is_swapped_by_name() -> None:
    class Silent:
        name = "recognise"
        requires = frozenset({"text"})
        assigns = frozenset({"spans"})

        def __init__(self, resources: Resources) -> None:
            pass

        def __call__(self, doc: Document) -> None:
            doc.spans = []

    doc = Pipeline(factories={"recognise": Silent}).process(RawArticle(source="t.txt", text=TEXT))
    # Without the recogniser only the knowledge base's distinctive names are found.
    assert {e.id for e in doc.entities} <= {
        e.id for e in Pipeline().process(RawArticle("t.txt", TEXT)).entities
    }


def test_a_clean_only_pipeline_loads_no_model_or_knowledge_base() -> None:
    pipeline = Pipeline(stages=("clean",))
    pipeline.process(RawArticle(source="t.txt", text=TEXT))
    assert "recogniser" not in vars(pipeline.resources) and "kb" not in vars(pipeline.resources)


def test_resources_are_rebuilt_with_a_new_knowledge_base(tmp_path: Path) -> None:
    first = Resources(kb_dir=tmp_path)
    old: KnowledgeBase = first.kb
    (tmp_path / "entities_analyst.json").write_text(
        '{"entities": [{"id": "rasd:test-man", "type": "PER", "name": "زيد الاختباري",'
        ' "names": ["زيد الاختباري"], "latin": []}]}',
        encoding="utf-8",
    )
    second = first.reload_kb()
    assert second.kb is not old and "rasd:test-man" in second.kb.entities
    assert "rasd:test-man" not in old.entities
    doc = Pipeline(second).process(RawArticle(source="t.txt", text="قال زيد الاختباري إن الهجوم فشل"))
    assert "rasd:test-man" in {e.id for e in doc.entities}


class _Stuck:
    """A stage that never finishes in time (as a quadratic pass on a huge article would)."""

    name = "stuck"
    requires = frozenset({"text"})
    assigns = frozenset({"title"})

    def __init__(self, resources: Resources) -> None:
        pass

    def __call__(self, doc: Document) -> None:
        import time

        time.sleep(5)


def test_an_article_over_its_time_budget_is_one_error_and_the_batch_goes_on() -> None:
    from rasd.read import ReadError

    pipeline = Pipeline(stages=("clean", "stuck"), factories={"stuck": _Stuck}, budget_s=0.2)
    result = pipeline.process_safely(RawArticle(source="big.txt", text=TEXT))
    assert isinstance(result, ReadError) and "took longer than 0.2 s" in str(result)
    quick = Pipeline(stages=("clean",), budget_s=0.2).process_safely(RawArticle(source="t.txt", text=TEXT))
    assert isinstance(quick, Document)
