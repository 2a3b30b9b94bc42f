"""Events over the discourse of an article: verbal nouns, event coreference, tolls told later, who acts
(countries, both sides of a clash, a state force announcing its operation, not whoever condemns),
and the place of an event (the next clause, the finer place of the same country, not the next
event's place). Every paragraph is written for these tests."""

from __future__ import annotations

from conftest import document_with_entities
from rasd.record import Document, Event
from rasd.relate import relate_document
from rasd.relate.verbal_nouns import verbal_nouns

MALI = {"type": "LOC", "names": ["مالي"], "geo": [17.0, -4.0]}
SEVARE = {"type": "LOC", "names": ["سيفاري"], "geo": [14.53, -4.10], "country": "ML"}
BAMAKO = {"type": "LOC", "names": ["باماكو"], "geo": [12.65, -8.0], "country": "ML"}
MENAKA = {"type": "LOC", "names": ["ميناكا"], "geo": [15.92, 2.40], "country": "ML"}
KIDAL = {"type": "LOC", "names": ["كيدال"], "geo": [18.44, 1.41], "country": "ML"}
GAO = {"type": "LOC", "names": ["غاو"], "geo": [16.27, -0.04], "country": "ML"}
ANSAR = {"type": "ORG", "subtype": "armed_group", "names": ["جماعة أنصار الدين", "أنصار الدين"]}
ARMY = {"type": "ORG", "subtype": "military", "names": ["الجيش المالي"]}


def _related(text: str, entities: dict, published: str | None = "2020-10-14") -> Document:
    doc = document_with_entities(text, entities, published)
    relate_document(doc)
    return doc


def _of(doc: Document, kind: str) -> list[Event]:
    return [e for e in doc.events if e.type == kind]


def test_verbal_nouns_are_generated_from_the_verb_pattern() -> None:
    assert verbal_nouns("اختطف") == ["اختطاف"]  # VIII
    assert verbal_nouns("استهدف") == ["استهداف"]  # X
    assert "استيلائهم على" in verbal_nouns("استولى على")  # X, weak: the hamza on «ئ» before a pronoun
    assert verbal_nouns("اجتاح") == ["اجتياح"]  # VIII, hollow
    assert verbal_nouns("انضم إلى") == ["انضمام إلى"]  # VII, doubled
    assert verbal_nouns("أوقف") == ["إيقاف"]  # IV
    assert verbal_nouns("هاجم") == ["مهاجمة"]  # III
    assert verbal_nouns("فكك") == ["تفكيك"]  # II
    assert verbal_nouns("خطف") == []  # form I: the verb itself reads as the noun


def test_an_inflected_verbal_noun_is_a_trigger() -> None:
    doc = _related("وانسحبت القوات من المنطقة بعد استيلائهم على مدينة كيدال في مارس 2012.", {"kidal": KIDAL})
    (takeover,) = _of(doc, "territory_takeover")
    assert takeover.location == "kidal"
    assert takeover.date is not None and takeover.date.value == "2012-03"


def test_a_definite_mention_in_another_scene_is_the_same_event() -> None:
    doc = _related(
        "هاجم مسلحون فندقا في مدينة سيفاري يوم الجمعة 9 أكتوبر 2020. "
        "وكانت محكمة في باماكو قد نظرت أمس في الهجوم وأمرت بسجن متهمين.",
        {"sevare": SEVARE, "bamako": BAMAKO},
    )
    (attack,) = _of(doc, "attack")
    assert attack.location == "sevare"
    assert attack.date is not None and attack.date.value == "2020-10-09"


def test_an_anaphor_with_its_own_other_place_stays_apart() -> None:
    doc = _related(
        "هاجم مسلحون فندقا في مدينة سيفاري يوم الجمعة. وذكر التقرير الهجوم الذي استهدف قاعدة في كيدال.",
        {"sevare": SEVARE, "kidal": KIDAL},
    )
    assert sorted(e.location or "" for e in _of(doc, "attack")) == ["kidal", "sevare"]


def test_deaths_told_after_an_attack_are_its_toll() -> None:
    doc = _related(
        "انفجرت عبوة ناسفة لدى مرور دورية في مدينة غاو يوم الثلاثاء. وأسفر ذلك عن مقتل ثلاثة جنود.",
        {"gao": GAO},
    )
    (bombing,) = doc.events
    assert bombing.type == "bombing" and bombing.fatalities == 3


def test_whoever_condemns_is_not_the_actor_and_a_country_does_not_act() -> None:
    doc = _related("أدانت مالي الهجوم الذي استهدف دورية قرب ميناكا.", {"mali": MALI, "menaka": MENAKA})
    (attack,) = _of(doc, "attack")
    assert "mali" not in attack.actors
    france = {"type": "LOC", "names": ["فرنسا"], "geo": [46.0, 2.0]}
    doc = _related("وشنت فرنسا غارات جوية على مواقع قرب ميناكا.", {"france": france, "menaka": MENAKA})
    (strike,) = _of(doc, "airstrike")
    # a country as the subject is a state talked about more often than an agent (2 of 280 dev events)
    assert strike.actors == []
    assert strike.location == "menaka"


def test_both_sides_of_a_clash_are_its_actors_across_a_comma() -> None:
    doc = _related(
        "اندلعت معارك عنيفة طيلة الليل، بين الجيش المالي ومسلحين من جماعة أنصار الدين.",
        {"army": ARMY, "ansar": ANSAR},
    )
    (clash,) = _of(doc, "armed_clash")
    assert set(clash.actors) == {"army", "ansar"}


def test_a_state_force_announcing_its_operation_carried_it_out() -> None:
    ministry = {"type": "ORG", "subtype": "state_agency", "names": ["وزارة الدفاع الجزائرية"]}
    tam = {"type": "LOC", "names": ["تمنراست"], "geo": [22.79, 5.52], "country": "DZ"}
    doc = _related(
        "أعلنت وزارة الدفاع الجزائرية أن مفارز من الجيش أوقفت ثلاثة عناصر دعم للجماعات الإرهابية بولاية تمنراست.",
        {"ministry": ministry, "tam": tam},
    )
    (arrest,) = _of(doc, "arrest")
    assert arrest.actors == ["ministry"]
    assert arrest.location == "tam"


def test_the_place_opens_the_next_clause() -> None:
    doc = _related("قتل عشرة أشخاص في تفجير سيارة مفخخة أمس الثلاثاء، بمدينة غاو شمال البلاد.", {"gao": GAO})
    (bombing,) = _of(doc, "bombing")
    assert bombing.location == "gao"


def test_a_town_of_the_same_country_places_the_event_more_exactly() -> None:
    doc = _related(
        "وقع هجوم مسلح في مالي على معسكر للجيش ببلدة ميناكا يوم الأحد.", {"mali": MALI, "menaka": MENAKA}
    )
    (attack,) = _of(doc, "attack")
    assert attack.location == "menaka"


def test_a_place_after_the_next_event_is_that_events() -> None:
    libya = {"type": "LOC", "names": ["ليبيا"], "geo": [27.0, 17.0]}
    tripoli = {"type": "LOC", "names": ["طرابلس"], "geo": [32.89, 13.19], "country": "LY"}
    group = {"type": "ORG", "subtype": "armed_group", "names": ["تنظيم داعش"]}
    doc = _related(
        "استغل تنظيم داعش الفراغ للتوسع في ليبيا وخطف أجانب في الوقت الذي هاجم فيه سفارات في طرابلس.",
        {"libya": libya, "tripoli": tripoli, "isis": group},
    )
    (kidnapping,) = _of(doc, "kidnapping")
    assert kidnapping.location == "libya"
    (attack,) = _of(doc, "attack")
    assert attack.location == "tripoli"


def test_a_generic_back_reference_is_the_last_group_named() -> None:
    doc = _related(
        "نشطت جماعة أنصار الدين في شمال مالي منذ 2012. وقال مسؤول إن هذا التنظيم نفذ هجوما على دورية قرب غاو.",
        {"ansar": ANSAR, "gao": GAO, "mali": MALI},
    )
    (attack,) = _of(doc, "attack")
    assert attack.actors == ["ansar"]


def test_trials_and_security_operations_are_coded() -> None:
    court = {"type": "ORG", "subtype": "court", "names": ["المحكمة الجنائية بباماكو"]}
    doc = _related(
        "أصدرت المحكمة الجنائية بباماكو يوم الاثنين 12 أكتوبر 2020 أحكاما بالسجن على خمسة متهمين بالإرهاب.",
        {"court": court},
    )
    (trial,) = _of(doc, "trial")
    assert trial.acled is not None and trial.acled.event_type == "Strategic developments"
    assert trial.date is not None and trial.date.value == "2020-10-12"
    doc = _related("وتواصل وحدات الجيش عمليات التمشيط في محيط مدينة غاو منذ يومين.", {"gao": GAO})
    (sweep,) = _of(doc, "other_security")
    assert sweep.location == "gao"


def test_words_that_name_no_event_are_no_trigger() -> None:
    doc = _related("وقال المتحدث في مؤتمر صحافي عقده أمس إن الجيش يسيطر على الوضع.", {})
    assert doc.events == []
    doc = _related("وطالب الحزب الحاكم بإجراء الانتخابات في موعدها.", {})
    assert doc.events == []
    doc = _related("وناقش الوزراء سبل تعزيز الحوكمة في البلاد.", {})
    assert doc.events == []


def test_the_accused_is_the_target_of_a_trial() -> None:
    accused = {"type": "PER", "names": ["محمد ولد أحمد"]}
    doc = _related(
        "ومن المقرر أن محمد ولد أحمد يحاكم أمام محكمة في نواكشوط الشهر المقبل.", {"accused": accused}
    )
    (trial,) = _of(doc, "trial")
    assert trial.actors == [] and trial.targets == ["accused"]


def test_the_lead_place_is_the_scene_not_the_country_that_condemns() -> None:
    tunisia = {"type": "LOC", "names": ["تونس"], "geo": [34.0, 9.0]}
    iraq = {"type": "LOC", "names": ["العراق"], "geo": [33.0, 44.0]}
    doc = _related(
        "أدانت تونس اليوم التفجيرات التي جدت في العراق. وقتل عشرة أشخاص في تفجير سيارة مفخخة أمس.",
        {"tunisia": tunisia, "iraq": iraq},
    )
    bombings = _of(doc, "bombing")
    assert bombings and all(b.location == "iraq" for b in bombings)
    assert all("tunisia" not in b.actors for b in bombings)


def test_coreference_never_gives_an_event_a_country_or_a_victims_nationality_as_actor() -> None:
    algeria = {"type": "LOC", "subtype": "country", "names": ["الجزائر", "الجزائري"], "geo": [28.0, 2.0]}
    doc = _related(
        "اختطف مسلحون القنصل الجزائري في مدينة غاو يوم الجمعة. "
        "وتوصلت الجزائر إلى تفاهم مع الخاطفين بعد حادثة اختطاف القنصل الجزائري.",
        {"algeria": algeria, "gao": GAO},
    )
    (kidnapping,) = _of(doc, "kidnapping")
    assert kidnapping.location == "gao"
    assert "algeria" not in kidnapping.actors


def test_a_scene_inherited_from_an_earlier_clause_is_not_refined_to_its_town() -> None:
    doc = _related(
        "وتعود الأزمة إلى اختطاف القنصل في غاو (مالي) في أبريل 2012، وركزت الجماعة عملياتها في مالي، "
        "ويهاجم مسلحوها الدوريات.",
        {"gao": GAO, "mali": MALI},
    )
    places = {e.type: e.location for e in doc.events}
    assert places["kidnapping"] == "gao"
    assert places.get("attack") != "gao"
