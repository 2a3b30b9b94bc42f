"""The real news corpora of ``../shared/data/news/``: reading articles by id, and the seeded sample
of security articles that the real-news gold sets are annotated on.

The text never enters the repository: gold files hold article ids and offsets, and the text is read
from the corpora whenever a test or an evaluation runs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# (corpus name, file, how many articles the sample draws from it)
CORPORA: tuple[tuple[str, str, int], ...] = (
    ("saudinewsnet_2015", "saudinewsnet_2015.jsonl.gz", 45),
    ("arabic_newspapers_2012", "arabic_newspapers_2012.jsonl.gz", 15),
    ("ant_jawharafm_2014_2017", "ant_jawharafm_2014_2017.jsonl.gz", 25),
)
SAMPLE_SEED = 20261128
DEV_SHARE = 54  # of the 84 drawn: the first 54 (in draw order) are development, the rest blind

# The documented keyword filter: an article is a security article of the region when it names at
# least three distinct security words, places of the Sahel and North Africa at least twice, and
# those at least as often as the Middle East's other theatres (which dominate the 2015 corpus).
# Word-initial matches, so clitics and inflections around the stem are allowed.
SECURITY_WORDS = (
    "مسلح",
    "هجوم",
    "هجمات",
    "اعتداء",
    "إرهاب",
    "ارهاب",
    "تفجير",
    "انفجار",
    "اختطاف",
    "خطف",
    "رهائن",
    "مقتل",
    "قتلى",
    "اغتيال",
    "اشتباك",
    "كمين",
    "جهادي",
    "متشدد",
    "القاعدة",
    "داعش",
    "بوكو حرام",
    "تنظيم الدولة",
    "كتيبة",
    "غارة",
    "انتحاري",
    "إرهابي",
    "ارهابي",
    "عبوة",
    "متمرد",
    "ميليشيا",
)
REGION_WORDS = (
    "مالي",
    "النيجر",
    "نيجيريا",
    "تشاد",
    "ليبيا",
    "الجزائر",
    "تونس",
    "موريتانيا",
    "بوركينا",
    "الساحل",
    "الكاميرون",
    "السودان",
    "المغرب",
    "مصر",
    "سيناء",
    "السنغال",
    "أزواد",
    "ازواد",
    "بحيرة تشاد",
    "طرابلس",
    "بنغازي",
    "درنة",
    "سرت",
    "القصرين",
    "الشعانبي",
    "تمبكتو",
    "غاو",
    "كيدال",
    "مايدوغوري",
)
OTHER_THEATRES = ("سوريا", "سورية", "اليمن", "العراق", "فلسطين", "إسرائيل", "إيران", "الحوثي", "أفغانستان")
MIN_WORDS, MAX_WORDS = 120, 1200
# Sections that are never security news, where a corpus has sections.
SKIPPED_CATEGORIES = frozenset({"sport", "sports", "culture", "economy", "society-culture"})


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)[وفبلك]?(?:ال)?(" + "|".join(map(re.escape, words)) + r")")


_SECURITY = _any_of(SECURITY_WORDS)
_REGION = _any_of(REGION_WORDS)
_OTHER = _any_of(OTHER_THEATRES)


@dataclass(frozen=True)
class NewsArticle:
    corpus: str
    id: str
    text: str
    title: str | None
    published: str | None  # YYYY-MM-DD when the corpus has a date
    source: str | None
    category: str | None = None

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


def news_dir(shared: Path) -> Path:
    return shared / "data" / "news"


def iter_corpus(shared: Path, corpus: str) -> Iterator[NewsArticle]:
    file = dict((name, f) for name, f, _ in CORPORA)[corpus]
    with gzip.open(news_dir(shared) / file, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            date = row.get("date")
            published = date[:10] if isinstance(date, str) and re.match(r"\d{4}-\d\d-\d\d", date) else None
            title = row.get("title") if isinstance(row.get("title"), str) else None
            yield NewsArticle(
                corpus,
                str(row["id"]),
                row.get("text") or "",
                title,
                published,
                row.get("source"),
                row.get("category"),
            )


def is_security_article(text: str, category: str | None = None) -> bool:
    if category in SKIPPED_CATEGORIES:
        return False
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        return False
    security = {m.group(1) for m in _SECURITY.finditer(text)}
    region = len(_REGION.findall(text))
    return len(security) >= 3 and region >= 2 and region >= len(_OTHER.findall(text))


def draw_sample(shared: Path) -> list[tuple[str, str]]:
    """(corpus, article id) of the fixed sample, in draw order: each corpus's security articles are
    listed in file order, shuffled with the seed, and the first N taken; the corpora are then
    interleaved by a second seeded shuffle so that the dev/blind cut mixes them."""
    rng = random.Random(SAMPLE_SEED)
    drawn: list[tuple[str, str]] = []
    for corpus, _file, n in CORPORA:
        ids = [a.id for a in iter_corpus(shared, corpus) if is_security_article(a.text, a.category)]
        rng.shuffle(ids)
        drawn.extend((corpus, i) for i in ids[:n])
    rng.shuffle(drawn)
    return drawn


def load_articles(shared: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], NewsArticle]:
    out: dict[tuple[str, str], NewsArticle] = {}
    for corpus in sorted({c for c, _ in wanted}):
        for art in iter_corpus(shared, corpus):
            if (corpus, art.id) in wanted:
                out[(corpus, art.id)] = art
    return out


# -- the benchmarks' real corpora (speed, store size, search, scaling) --------------------------------

BENCH_SEED = 20261128


def iter_all(shared: Path) -> Iterator[NewsArticle]:
    """Every article of the three corpora, in file order (about 43,000)."""
    for corpus, _file, _n in CORPORA:
        yield from iter_corpus(shared, corpus)


def bench_sample(shared: Path, n: int = 1000, seed: int = BENCH_SEED) -> list[NewsArticle]:
    """A fixed random sample of ``n`` non-empty articles of all three corpora (any topic): the real-text
    corpus of ``rasd bench``. Reservoir sampling, so memory holds ``n`` articles, not the corpora."""
    rng = random.Random(seed)
    chosen: list[NewsArticle] = []
    seen = 0
    for art in iter_all(shared):
        if not art.text.strip():
            continue
        if len(chosen) < n:
            chosen.append(art)
        else:
            j = rng.randrange(seen + 1)
            if j < n:
                chosen[j] = art
        seen += 1
    return chosen


def iter_repeated(shared: Path, n: int) -> Iterator[NewsArticle]:
    """``n`` articles: the corpora in file order, then again with distinct ids and a numbered last line
    (so the content hash differs), for stores larger than the corpora (50,000 articles and more)."""
    produced = 0
    round_no = 0
    while produced < n:
        for art in iter_all(shared):
            if produced >= n:
                return
            if not art.text.strip():
                continue
            if round_no:
                art = NewsArticle(
                    art.corpus,
                    f"{art.id}~{round_no}",
                    f"{art.text}\n\n[{round_no}]",
                    art.title,
                    art.published,
                    art.source,
                    art.category,
                )
            yield art
            produced += 1
        round_no += 1


def write_jsonl(articles: Iterable[NewsArticle], path: Path) -> int:
    """Write articles as a scraper's JSONL (``id``, ``title``, ``date_publish``, ``source_domain``, ``text``)."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for art in articles:
            row = {
                "id": f"{art.corpus}/{art.id}",
                "title": art.title,
                "date_publish": art.published,
                "source_domain": art.source,
                "text": art.text,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
