"""Recognise: named-entity recognition behind one interface (see ``base.Recogniser``)."""

from rasd.recognise.base import Recogniser, load_recogniser

__all__ = ["Recogniser", "load_recogniser"]
