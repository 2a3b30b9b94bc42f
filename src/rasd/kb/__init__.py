"""The knowledge base of the field: entities, names, relations, UN sanctions, analysts' judgements."""

from rasd.kb.loader import (
    KnowledgeBase,
    build_knowledge_base,
    user_kb_dir,
)
from rasd.kb.model import KBEntity, KBPlace, KBRelation
from rasd.kb.names import name_key, name_tokens

__all__ = [
    "KBEntity",
    "KBPlace",
    "KBRelation",
    "KnowledgeBase",
    "build_knowledge_base",
    "name_key",
    "name_tokens",
    "user_kb_dir",
]
