"""The pipeline's stages as components that declare what they need and what they add.

In the spirit of spaCy's ``requires=``/``assigns=``: each stage names the ``Document`` fields it reads
(``requires``) and writes (``assigns``). ``Pipeline`` checks, when it is built, that every stage's
needs are met by the stages before it, so a swapped or added stage fails at once with a clear message
instead of producing empty output. Stages are built by name from a ``Resources`` by a factory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Protocol

from rasd.clean import clean_article
from rasd.read import RawArticle
from rasd.record import Document
from rasd.resources import Resources

# What a fresh document holds before any stage ran: the raw article and where it came from.
INPUT_FIELDS = frozenset({"raw", "source"})


class Stage(Protocol):
    name: str
    requires: frozenset[str]
    assigns: frozenset[str]

    def __call__(self, doc: Document) -> None:
        """Fill the ``assigns`` fields of ``doc`` in place."""


StageFactory = Callable[[Resources], Stage]


class CleanStage:
    """Boilerplate, mojibake, debris and glued words out; title, date line and byline found."""

    name = "clean"
    requires = frozenset({"raw"})
    assigns = frozenset({"id", "text", "title", "published", "byline", "outlet", "url", "source_id"})

    def __init__(self, resources: Resources) -> None:
        del resources  # the cleaning rules are shipped data read by the clean package

    def __call__(self, doc: Document) -> None:
        raw = doc.raw
        if raw is None:
            raise ValueError("the clean stage needs the raw article (Pipeline.process sets it)")
        cleaned = clean_article(raw)
        for name in self.assigns:
            setattr(doc, name, getattr(cleaned, name))


class RecogniseStage:
    """Typed name spans (``TaggedSpan``) from the recogniser in ``Resources``."""

    name = "recognise"
    requires = frozenset({"text"})
    assigns = frozenset({"spans"})

    def __init__(self, resources: Resources) -> None:
        self.recogniser = resources.recogniser

    def __call__(self, doc: Document) -> None:
        self.recogniser.recognise(doc)


class ResolveStage:
    """Spans become entities: boundaries, aliases, coreference, knowledge-base links, places."""

    name = "resolve"
    requires = frozenset({"text", "spans"})
    assigns = frozenset({"entities"})

    def __init__(self, resources: Resources) -> None:
        self.kb = resources.kb
        self.gazetteer = resources.gazetteer

    def __call__(self, doc: Document) -> None:
        from rasd.resolve import resolve_entities

        resolve_entities(doc, self.kb, self.gazetteer)


class RelateStage:
    """Relations, coded events and claims from the text, its date and its entities."""

    name = "relate"
    requires = frozenset({"text", "published", "entities"})
    assigns = frozenset({"relations", "events", "claims"})

    def __init__(self, resources: Resources) -> None:
        self.relation_model = resources.relation_model

    def __call__(self, doc: Document) -> None:
        from rasd.relate import relate_document

        relate_document(doc, self.relation_model)


# The stages rasd knows by name, in their usual order. Add your own by passing ``factories=`` to Pipeline.
DEFAULT_FACTORIES: Mapping[str, StageFactory] = MappingProxyType(
    {
        "clean": CleanStage,
        "recognise": RecogniseStage,
        "resolve": ResolveStage,
        "relate": RelateStage,
    }
)
DEFAULT_STAGES: tuple[str, ...] = ("clean", "recognise", "resolve", "relate")


class PipelineError(ValueError):
    """A pipeline whose stages cannot run in the order given."""


def check_stages(stages: list[Stage]) -> None:
    """Raise ``PipelineError`` unless each stage's ``requires`` is given by the input or an earlier stage."""
    available = set(INPUT_FIELDS)
    seen: set[str] = set()
    for stage in stages:
        if stage.name in seen:
            raise PipelineError(f"stage {stage.name!r} appears twice")
        seen.add(stage.name)
        missing = stage.requires - available
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} needs {', '.join(sorted(missing))}, which no earlier stage assigns"
            )
        available |= stage.assigns


def start_document(raw: RawArticle) -> Document:
    """The document a pipeline starts from: only the raw article and its source are known."""
    return Document(id="", source=raw.source, text="", raw=raw)
