"""Full-text search: normalised on both sides, clitics, AND of words, ranking, snippets of the real text."""

from __future__ import annotations

from rasd.store import Store
from rasd.store.search import make_snippet, mark, query_terms

# Written for these tests: diacritics, tatweel, hamza and ta-marbuta spellings on purpose.
VOWELLED = "أَعْلَنَتْ الجماعـــة مسؤوليتها عن الهجوم على قاعدة عسكرية قرب مدينة غاو شمال مالي."
CLITIC = "وقال المصدر إن وبلمختار ورجاله عبروا الحدود، ثم اتجهوا نحو أوباري في الجنوب الليبي."
PLAIN = "اجتمع وزراء خارجية دول الساحل في نواكشوط لبحث التعاون الأمني ومراقبة الحدود."
REPEATED = "بلمختار بلمختار بلمختار: ثلاث مرات يذكر الاسم في هذا الخبر القصير عن الحدود."


def _store(url: str, build_document) -> Store:
    store = Store.open(url)
    for i, text in enumerate((VOWELLED, CLITIC, PLAIN, REPEATED)):
        store.ingest(build_document(text, source=f"{i}.txt"))
    return store


def _sources(hits) -> list[str]:
    return [h.source for h in hits]


def test_search_ignores_diacritics_tatweel_and_letter_variants(db_url, build_document):
    with _store(db_url, build_document) as store:
        assert _sources(store.search("اعلنت الجماعة")) == ["0.txt"]  # أَعْلَنَتْ, الجماعـــة
        assert _sources(store.search("إعلنت")) == ["0.txt"]  # hamza below vs above the alef
        assert _sources(store.search("علي قاعده عسكريه")) == ["0.txt"]  # alef maksura, ta marbuta


def test_search_finds_words_behind_clitics(db_url, build_document):
    with _store(db_url, build_document) as store:
        assert set(_sources(store.search("بلمختار"))) == {"1.txt", "3.txt"}


def test_every_query_word_must_match(db_url, build_document):
    with _store(db_url, build_document) as store:
        assert set(_sources(store.search("الحدود"))) == {"1.txt", "2.txt", "3.txt"}
        assert _sources(store.search("الحدود نواكشوط")) == ["2.txt"]
        assert store.search("نواكشوط تمبكتو") == []
        assert store.search("   ،،  ") == []


def test_short_words_are_matched_too(db_url, build_document):
    with _store(db_url, build_document) as store:
        assert _sources(store.search("غاو")) == ["0.txt"]
        assert _sources(store.search("ثم الليبي")) == ["1.txt"]  # «ثم»: under the trigram length


def test_more_occurrences_rank_higher(db_url, build_document):
    with _store(db_url, build_document) as store:
        assert _sources(store.search("بلمختار")) == ["3.txt", "1.txt"]
        assert len(store.search("الحدود", limit=2)) == 2


def test_hits_carry_a_snippet_of_the_original_text_with_highlights(db_url, build_document):
    with _store(db_url, build_document) as store:
        (hit,) = store.search("الجماعة")
    assert hit.doc_id and hit.source == "0.txt"
    ((start, end),) = hit.highlights
    assert hit.snippet[start:end] == "الجماعـــة"  # the real spelling, tatweel included
    assert "أَعْلَنَتْ" in hit.snippet


def test_snippet_highlight_keeps_trailing_diacritics():
    snippet, highlights = make_snippet("قال إنَّ بلمختارُ غادر", query_terms("بلمختار"))
    assert [snippet[s:e] for s, e in highlights] == ["بلمختارُ"]


def test_long_text_snippet_is_cut_around_the_best_window():
    text = " ".join(["كلام"] * 200) + " الهجوم على غاو " + " ".join(["كلام"] * 200)
    snippet, highlights = make_snippet(text, query_terms("الهجوم غاو"), width=80)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert [snippet[s:e] for s, e in highlights] == ["الهجوم", "غاو"]
    assert len(snippet) < 130


def test_marked_snippet_for_pipes():
    assert mark("قرب غاو شمال", [(4, 7)]) == "قرب [غاو] شمال"


def test_query_terms_are_normalised_words():
    assert query_terms("  «أبو» الجماعـــة، أبو ") == ["ابو", "الجماعه"]
