"""Everything the pipeline loads, in one object: built once, passed to the stages, replaceable.

A long-running process (``rasd serve``, a cluster worker) holds one ``Resources``; after an analyst's
correction it builds a new one with ``reload_kb()`` and the stages built from it see the new knowledge
base. Nothing else keeps loaded data at module level: what a ``Resources`` has loaded dies with it.

Parts load lazily on first use (a clean-only run never loads the recogniser or the knowledge base),
once per ``Resources``.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rasd.kb import KnowledgeBase, build_knowledge_base
from rasd.recognise import Recogniser, load_recogniser
from rasd.resolve.geocode import Gazetteer

if TYPE_CHECKING:
    from rasd.relate.relation_model import RelationModel


class Resources:
    def __init__(
        self,
        *,
        kb: KnowledgeBase | None = None,
        recogniser: Recogniser | None = None,
        gazetteer: Gazetteer | None = None,
        relation_model: RelationModel | None = None,
        recogniser_name: str = "default",
        recogniser_path: str | Path | None = None,
        kb_dir: Path | None = None,
    ) -> None:
        # Given parts are used as they are; missing ones are loaded on first use.
        self._recogniser_name = recogniser_name
        self._recogniser_path = recogniser_path
        self.kb_dir = kb_dir
        if kb is not None:
            self.__dict__["kb"] = kb
        if recogniser is not None:
            self.__dict__["recogniser"] = recogniser
        if gazetteer is not None:
            self.__dict__["gazetteer"] = gazetteer
        if relation_model is not None:
            self.__dict__["relation_model"] = relation_model

    @cached_property
    def kb(self) -> KnowledgeBase:
        """The shipped knowledge base plus the analyst's additions (``$RASD_KB_DIR`` or ``kb_dir``)."""
        return build_knowledge_base(self.kb_dir)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """The field gazetteer that places are geocoded against (``data/geo/``)."""
        return Gazetteer.load()

    @cached_property
    def recogniser(self) -> Recogniser:
        return load_recogniser(self._recogniser_name, path=self._recogniser_path)

    @cached_property
    def relation_model(self) -> RelationModel | None:
        """The learned relation model the relate stage completes its rules with (``data/relate/``);
        None where none is shipped."""
        from rasd.relate.relation_model import RelationModel

        return RelationModel.shipped()

    def load_all(self) -> Resources:
        """Load every part now: before forking workers, so that they share it instead of each loading it."""
        _ = self.kb, self.gazetteer, self.recogniser, self.relation_model
        return self

    def reload_kb(self) -> Resources:
        """A new ``Resources`` with the knowledge base rebuilt from disk (after an analyst's correction),
        sharing the already loaded recogniser and gazetteer."""
        return Resources(
            recogniser=self.__dict__.get("recogniser"),
            gazetteer=self.__dict__.get("gazetteer"),
            relation_model=self.__dict__.get("relation_model"),
            recogniser_name=self._recogniser_name,
            recogniser_path=self._recogniser_path,
            kb_dir=self.kb_dir,
        )
