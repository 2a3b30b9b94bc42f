"""The one loader of the shipped data files under ``rasd/data/``, and their schemas (data as schema,
in the spirit of followthemoney): every JSON file has a pydantic model and every TSV file its columns.

``load_json(name)`` reads ``data/<name>.json``, validates it against its schema and returns it as
immutable data (mappings and tuples): loaded data can be shared by every stage and process without any
of them changing it for the others. A file that breaks its schema fails loudly, naming the file.

Where the order of a list decides behaviour (the first matching relation pattern wins), the file says
so in its ``_precedence`` key and ``docs/data.md`` lists it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Words = list[str]


class _Schema(BaseModel):
    # Keys starting with "_" are comments for the people who edit the file.
    model_config = ConfigDict(extra="forbid")


class _Commented(_Schema):
    comment: str | None = Field(default=None, alias="_comment")


def _comments(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if not k.startswith("_") or k == "_comment"}


# --- clean/ ---------------------------------------------------------------------------------------
class _Phrases(_Commented):
    exact: Words = []
    prefix: Words = []
    phrases: Words = []
    credits: Words = []
    patterns: Words = []
    max_words: int | None = None


class Boilerplate(_Commented):
    cut_rest: _Phrases
    see_also: _Phrases
    widget_phrases: _Phrases
    photo_caption: _Phrases
    credit_line: _Phrases


class Debris(_Commented):
    inline: Words


class Glued(_Commented):
    min_letters: int
    max_token_zipf: float
    min_gain_over_token: float
    max_parts: int
    min_longest_part_letters: int
    short_words: Words
    min_part_zipf: dict[str, float]
    never_first_part: Words
    never_last_part: Words
    article_prefixes: Words
    article_part_min_letters: int
    never_split_prefixes: Words


class _TitleRule(_Schema):
    max_words: int
    max_chars: int
    no_final: str


class Header(_Commented):
    header_lines: int
    title: _TitleRule
    date_prefixes: Words
    date_fillers: Words
    afternoon_words: Words
    byline_prefixes: Words
    byline_max_words: int


class Mojibake(_Commented):
    arabic_quote_glyphs: Words


# --- geo/ and kb/ ---------------------------------------------------------------------------------
class _Country(_Schema):
    iso: str
    lat: float
    lon: float
    names: Words
    capital: int | None = None
    wikidata: str | None = None


class Countries(_Schema):
    about: str
    link_only: Words
    countries: list[_Country]


class _Place(_Schema):
    id: str
    name: str
    names: Words
    lat: float
    lon: float
    precision: str
    country: str | None = None
    wikidata: str | None = None
    link_only: Words = []


class Places(_Schema):
    about: str
    places: list[_Place]


class _AliasTrigger(_Schema):
    phrase: str
    glued_preposition: bool
    multi_word: bool


class AliasPatterns(_Schema):
    about: str
    triggers: list[_AliasTrigger]
    max_words: int
    name_starters: Words
    stop_words: Words
    separators: Words
    acronym_max_words: int
    acronym_anchor_types: Words


class _KBEntity(_Schema):
    id: str
    type: str
    subtype: str | None = None
    name: str
    names: Words = []
    link_only: Words = []
    needs_context: Words = []
    latin: Words = []
    context: Words = []
    wikidata: str | None = None
    un_sanctions: str | None = None


class Entities(_Schema):
    version: str
    about: str
    entities: list[_KBEntity]


class _KBRelation(_Schema):
    type: str
    subject: str
    object: str
    start: str | None = None
    end: str | None = None


class KBRelations(_Schema):
    version: str
    about: str
    relations: list[_KBRelation]


class _AliasCase(_Schema):
    context: str
    mention: str
    type: str
    expect: str | None
    note: str | None = None


class _PlaceCase(_Schema):
    name: str
    context: str
    lat: float
    lon: float
    precision: str


class EvalCases(_Schema):
    about: str
    aliases: list[_AliasCase]
    places: list[_PlaceCase]
    aliases_heldout: list[_AliasCase]
    places_heldout: list[_PlaceCase]


class _SpellingVariants(_Schema):
    letter_classes: list[Words]
    long_vowels: Words
    article: str
    min_word: int


class NameRules(_Schema):
    about: str
    proclitics: Words
    kunya_forms: dict[str, str]
    glued_prefixes: Words
    place_heads: Words
    person_titles: Words
    name_particles: Words
    compass_words: Words
    spelling_variants: _SpellingVariants
    unit_words: Words
    martyr_words: Words
    movement_words: Words
    prefix_min_words: int
    prefix_stop_words: Words
    group_words: Words


class _UNAlias(_Schema):
    name: str
    quality: str


class _UNRecord(_Schema):
    ref: str
    kind: str
    regime: str | None = None
    name: str
    name_ar: str | None = None
    aliases: list[_UNAlias] = []
    nationality: Words = []
    listed_on: str | None = None
    links: Words = []


class UNSanctions(_Schema):
    source: str
    records: list[_UNRecord]


# --- lexicon/, ner/ -------------------------------------------------------------------------------
class Months(_Commented):
    gregorian: dict[str, Words]
    hijri: dict[str, Words]
    weekdays: dict[str, Words]


class NerMeta(_Schema):
    # Written by ``rasd train ner``: its settings and the scores it measured.
    settings: dict[str, Any]
    sentences: dict[str, int]
    gazetteer: dict[str, int]
    dev_scores: dict[str, dict[str, float]] = {}
    dev_scores_model_only: dict[str, dict[str, float]] = {}
    model_config = ConfigDict(extra="allow")


class ClustersMeta(_Schema):
    """How ``rasd train embeddings`` made the shipped word clusters (``ner/clusters/clusters.tsv``)."""

    settings: dict[str, Any]
    corpus: dict[str, int]
    vocabulary: int
    seconds: dict[str, float]
    sources: dict[str, str]


class Triggers(_Commented):
    org_armed: Words
    org_state: Words
    org_media: Words
    per_title: Words
    per_speech: Words
    loc_city: Words
    loc_region: Words
    loc_feature: Words
    loc_prep: Words
    org_company: Words
    org_sport: Words


# --- relate/ --------------------------------------------------------------------------------------
class ClaimsLexicon(_Commented):
    verbs: dict[str, Words]
    sources: dict[str, Words]
    via_kinds: Words
    chain_links: Words
    complementizers: Words
    relay_verbs: Words
    group_words: Words
    state_words: Words
    act_objects: Words
    noun_before: Words
    back_reference: Words
    subject_stops: Words
    subject_max_words: int
    not_verbs: Words = []
    scripture: Words = []


class Dates(_Commented):
    day_offsets: dict[str, Words]
    relative_direction: dict[str, Words]
    units: dict[str, Words]
    dual_units: Words
    plural_units: Words
    this_period: Words
    ago: Words
    since: Words
    vague_counts: Words
    vague_count_value: int
    month_qualifiers: Words
    year_markers: Words
    hijri_suffix: Words
    precision_exact: dict[str, str]
    precision_vague: dict[str, str]
    weekday_context: Words
    not_dates: Words
    still_words: Words
    still_reach: int
    time_of_day: Words
    day_ordinals: dict[str, Words]
    seasons: dict[str, _Season]
    ambiguous_weekdays: Words
    day_list_words: Words
    dateline_words: Words = []
    dateline_reach: int = 300
    anchored_days: dict[str, Words] = {}  # «اليوم الموالي»: days counted from the date told before


class _Season(_Schema):
    words: Words
    months: tuple[int, int]  # first and last month; winter runs over the new year (12, 2)


class _EventType(_Schema):
    triggers: Words
    verbs: Words = []  # past tense, 3rd person masculine: the other forms are generated
    acled: Words = []  # ACLED event type and sub-event type
    acled_military_target: Words = []  # … when the clause names soldiers, a barracks or a patrol
    subsumes: Words = []  # types this one absorbs in its sentence
    same_as: str | None = None  # an outcome word coded as this type when nothing else happened
    outcome: bool = False


class EventsLexicon(_Commented):
    types: dict[str, _EventType]
    military_target: Words
    victim_cues: Words
    agent_cues: Words
    location_prepositions: Words
    place_words: Words
    fatality_cues: Words
    fatality_nouns: Words
    fatality_tail: Words
    contrast_markers: Words
    governing_prepositions: Words
    glued_prepositions: Words
    governed_chain_words: int
    governed_chain_breakers: Words
    anaphoric_leads: Words
    distinct_markers: Words
    party_countries: Words
    party_leads: Words
    inherit_place: Words
    responsibility_cues: Words
    generic_agents: Words
    claimable_types: Words
    responsibility_reach: int
    bystander_verbs: Words = []  # «أدان»: the name before it is no actor of the event after it
    two_sided: Words = []  # types whose sides after «بين/مع» are all actors (a clash)
    violent_types: Words = []  # whose toll a later outcome-only sentence may tell
    toll_reach: int = 0  # … at most this many sentences later
    state_actions: Words = []  # types a state force announcing them carried out
    state_forces: Words = []  # the ORG subtypes that are state forces
    no_verbal_noun: Words = []  # verbs whose generated verbal noun means something else
    not_events: Words = []  # phrases in which trigger words name no event («مؤتمر صحافي»)
    judged_types: Words = []  # types whose named people are defendants (targets), not actors
    judicial_heads: Words = []  # first words of a court's or prosecutor's name («محكمة», «النيابة»)
    judicial_types: Words = []  # the only types a court or prosecutor acts in


class Modality(_Commented):
    planned: Words
    feared: Words
    denied: Words
    hypothetical: Words
    planned_after: Words
    hypothetical_after: Words


class LearnedFilter(_Commented):
    """A learned binary screen: logistic-regression weights by feature name, and the threshold."""

    intercept: float
    threshold: float = Field(ge=0.0, le=1.0)
    weights: dict[str, float]
    trained_on: str = ""  # what it was trained on, and its cross-validated figures


class Numbers(_Commented):
    words: dict[str, Words]


class _RelationPattern(_Schema):
    type: str
    subject: Words
    object: Words
    max_before: int
    max_after: int
    confidence: float
    cues: Words
    subject_not_governed: bool = False
    reverse: bool = False
    verbal: bool = False
    vso: bool = False
    gap: Words = []  # words allowed between subject and object of a verb-first cue
    prefix: bool = False
    alone: bool = False
    not_after_event: bool = False


class RelationsLexicon(_Commented):
    patterns: list[_RelationPattern]
    inferred_confidence: float
    apposition_markers: Words
    coordinated_objects: Words
    coordinators: Words
    anaphors: dict[str, str]
    coordinated_subjects: Words
    list_leads: Words = []


class RelationModelFile(_Commented):
    """The learned relation model (``rasd train relations``): coefficients of a multinomial logistic
    regression, one row per feature over ``classes`` (the first is «none»)."""

    format: Literal["rasd-relation-model/1"]
    classes: Words = Field(min_length=2)
    signatures: dict[str, Words]  # "PER>ORG" → the relation types the model may give that pair
    thresholds: dict[str, float]  # per type, and "default"
    intercept: list[float]
    weights: dict[str, list[float]]
    meta: dict[str, Any] = {}

    @model_validator(mode="after")
    def _shapes(self) -> RelationModelFile:
        n = len(self.classes)
        if self.classes[0] != "none" or len(self.intercept) != n:
            raise ValueError("classes must start with 'none' and intercept have one value per class")
        bad = next((f for f, row in self.weights.items() if len(row) != n), None)
        if bad is not None:
            raise ValueError(f"weights[{bad!r}] has {len(self.weights[bad])} values, expected {n}")
        unknown = {t for types in self.signatures.values() for t in types} - set(self.classes)
        if unknown:
            raise ValueError(f"signatures name unknown classes: {sorted(unknown)}")
        return self


class Status(_Commented):
    statuses: dict[str, Words]
    opposites: dict[str, str]
    negations: Words
    negation_window: int
    pronoun_reach: int
    unconfirmed: Words


# Every JSON file under data/, by name (path without .json), and its schema.
SCHEMAS: Mapping[str, type[BaseModel]] = MappingProxyType(
    {
        "clean/boilerplate": Boilerplate,
        "clean/debris": Debris,
        "clean/glued": Glued,
        "clean/header": Header,
        "clean/mojibake": Mojibake,
        "geo/countries": Countries,
        "geo/places": Places,
        "kb/alias_patterns": AliasPatterns,
        "kb/entities": Entities,
        "kb/eval_cases": EvalCases,
        "kb/name_rules": NameRules,
        "kb/relations": KBRelations,
        "kb/un_sanctions": UNSanctions,
        "lexicon/months": Months,
        "ner/meta": NerMeta,
        "ner/clusters/meta": ClustersMeta,
        "ner/triggers": Triggers,
        "relate/claims": ClaimsLexicon,
        "relate/claim_filter": LearnedFilter,
        "relate/dates": Dates,
        "relate/events": EventsLexicon,
        "relate/modality": Modality,
        "relate/numbers": Numbers,
        "relate/relations": RelationsLexicon,
        "relate/relation_model": RelationModelFile,
        "relate/status": Status,
    }
)

# Every TSV file under data/ and its columns (lines starting with "#" are comments).
TSV_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "geo/cities": ("geonameid", "country", "lat", "lon", "population", "name", "arabic_names"),
        "geo/transliteration": ("arabic", "latin", "places"),
        "ner/entity_lexicon": ("word", "type"),
        "ner/gazetteer": ("type", "subtype", "name"),
        "ner/clusters/clusters": ("stem", "k64", "k256", "k1024"),
        "ner/sahel_names": ("type", "subtype", "name"),
    }
)


class DataFileError(ValueError):
    """A shipped data file that is missing or breaks its schema."""


def freeze(value: Any) -> Any:
    """Mappings become read-only, lists tuples: loaded data cannot be changed by the code reading it."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def read_json(name: str) -> dict[str, Any]:
    """``data/<name>.json`` as written, after validation against its schema (comments included)."""
    schema = SCHEMAS.get(name)
    if schema is None:
        raise DataFileError(f"data/{name}.json: no schema (add one to rasd.datafiles.SCHEMAS)")
    try:
        raw = json.loads(resources.files("rasd.data").joinpath(f"{name}.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"data/{name}.json: cannot be read ({exc})") from exc
    try:
        schema.model_validate(_comments(raw))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError(f"data/{name}.json: {where}: {first['msg']}") from None
    return raw


def validate_data(name: str, path: Path) -> Mapping[str, Any]:
    """A file written for ``data/<name>.json`` but kept elsewhere (a model trained with ``--out``),
    validated against the same schema and loaded like ``load_json``."""
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"{path}: cannot be read ({exc})") from exc
    try:
        SCHEMAS[name].model_validate(_comments(raw))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError(f"{path}: {where}: {first['msg']}") from None
    return freeze({k: v for k, v in raw.items() if not k.startswith("_")})


def load_json(name: str) -> Mapping[str, Any]:
    """``data/<name>.json`` validated, without its ``_`` comment keys, as immutable data."""
    return freeze({k: v for k, v in read_json(name).items() if not k.startswith("_")})


def read_tsv(name: str) -> list[tuple[str, ...]]:
    """Rows of ``data/<name>.tsv`` (comments left out), each with exactly the declared columns."""
    columns = TSV_COLUMNS.get(name)
    if columns is None:
        raise DataFileError(f"data/{name}.tsv: no columns declared (add them to rasd.datafiles.TSV_COLUMNS)")
    try:
        text = resources.files("rasd.data").joinpath(f"{name}.tsv").read_text("utf-8")
    except OSError as exc:
        raise DataFileError(f"data/{name}.tsv: cannot be read ({exc})") from exc
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        row = tuple(line.split("\t"))
        if len(row) != len(columns):
            raise DataFileError(f"data/{name}.tsv:{number}: {len(row)} columns, expected {len(columns)}")
        rows.append(row)
    return rows
