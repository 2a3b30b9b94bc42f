"""Read: files and folders of .txt/.html/.json/.jsonl in any common encoding → RawArticle."""

from rasd.read.article import RawArticle, ReadError
from rasd.read.files import iter_articles

__all__ = ["RawArticle", "ReadError", "iter_articles"]
