"""Clean: boilerplate, mojibake, debris, glued words; pull title, date line and byline."""

from rasd.clean.article import clean_article

__all__ = ["clean_article"]
