"""The workbench's URLs. Every GET page is also JSON (``.json`` suffix or ``Accept``); the POSTs
(corrections) need the CSRF token and are refused in ``--read-only`` mode."""

from __future__ import annotations

import io
from datetime import date
from importlib.resources import files
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from rasd.export import FORMATS, write_export
from rasd.kb.judgements import JudgementKind, is_entity_id
from rasd.web.alerts import ALERT_KINDS, AlertFilters, alerts_view
from rasd.web.app import ACLED_COLOURS, OTHER_COLOUR, WebConfig, entity_url, render, wants_json
from rasd.web.article import article_view
from rasd.web.security import CSRF_FIELD, CSRF_HEADER, host_allowed, token_matches
from rasd.web.timeline import timeline_chart
from rasd.web.workbench import EVENT_ID, MAP_POINTS, BadRequest, SearchFilters, Workbench, with_analyst

router = APIRouter()
# An empty value is "no limit": that is what the pages' filter forms send for a date left blank.
DateParam = Query(None, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$", max_length=10)
EXPORT_DOCS = 500


def _wb(request: Request) -> Workbench:
    workbench: Workbench = request.app.state.workbench
    return workbench


def _strip_json(value: str) -> str:
    return value[: -len(".json")] if value.endswith(".json") else value


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/search", status_code=302)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/search")
@router.get("/search.json")
def search_page(
    request: Request,
    q: str = Query("", max_length=500),
    type: str | None = Query(None, pattern="^(PER|ORG|LOC)$"),
    country: str | None = Query(None, max_length=200),
    outlet: str | None = Query(None, max_length=200),
    event_type: str | None = Query(None, max_length=60),
    date_from: str | None = DateParam,
    date_to: str | None = DateParam,
    page: int = Query(1, ge=1, le=1000),
) -> Response:
    filters = SearchFilters(q, type, country, outlet, event_type, date_from, date_to, page)
    data = _wb(request).search(filters)
    data["export_formats"] = list(FORMATS)
    return render(request, "search.html", data)


@router.get("/entities/{entity_id:path}")
def entity_page(request: Request, entity_id: str) -> Response:
    as_json = entity_id.endswith(".json")
    entity_id = _strip_json(entity_id)
    data = _wb(request).entity(entity_id)
    if data is None:
        raise HTTPException(404, f"no entity has the id {entity_id!r}")
    if "redirect" in data:
        return RedirectResponse(entity_url(data["redirect"], ".json" if as_json else ""), status_code=302)
    data["timeline"] = timeline_chart(data["events"])
    data["export_formats"] = list(FORMATS)
    return render(request, "entity.html", data)


@router.get("/articles/{doc_id}")
def article_page(
    request: Request, doc_id: str, hl: str | None = Query(None, pattern=r"^\d+-\d+$")
) -> Response:
    doc_id = _strip_json(doc_id)
    wb = _wb(request)
    doc = wb.article(doc_id)
    if doc is None:
        raise HTTPException(404, f"no stored article has the id {doc_id!r}")
    highlight = None
    if hl:
        start, end = (int(x) for x in hl.split("-"))
        if not 0 <= start <= end <= len(doc.text):
            raise BadRequest(f"the span {hl} is not inside the article ({len(doc.text)} characters)")
        highlight = (start, end)
    return render(request, "article.html", article_view(doc, wb.sources(doc.id), highlight))


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: str) -> Response:
    event_id = _strip_json(event_id)
    if not EVENT_ID.match(event_id):
        raise BadRequest(f"an event id is DOCUMENTID-OFFSET (as on the article pages), not {event_id!r}")
    data = _wb(request).event(event_id)
    if data is None:
        raise HTTPException(404, f"no event has the id {event_id!r}")
    if data.get("geo") and not wants_json(request):
        first = data["sources"][0]
        point = {
            "id": event_id,
            "doc_id": first["document"],
            "evidence": first["evidence"],
            "type": data["type"],
            "acled": (data.get("acled") or {}).get("event_type"),
            "when": (data.get("date") or {}).get("value"),
            "geo": data["geo"],
            "location_name": data.get("location_name"),
        }
        data["map"] = {"events": [point], "colours": {**ACLED_COLOURS, "": OTHER_COLOUR}}
    return render(request, "event.html", data)


@router.get("/graph")
@router.get("/graph.json")
def graph_page(
    request: Request,
    entity: str = Query(..., min_length=1, max_length=200),
    hops: int = Query(1, ge=1, le=2),
    type: str | None = Query(None, max_length=60),
    date_from: str | None = DateParam,
    date_to: str | None = DateParam,
    limit: int = Query(120, ge=5, le=500),
) -> Response:
    data = _wb(request).graph(entity, hops, type or None, date_from, date_to, limit)
    if data is None:
        raise HTTPException(404, f"no entity has the id {entity!r}")
    data["query"] = {"entity": entity, "hops": hops, "type": type, "date_from": date_from, "date_to": date_to}
    return render(request, "graph.html", data)


@router.get("/map")
@router.get("/map.json")
def map_page(
    request: Request,
    date_from: str | None = DateParam,
    date_to: str | None = DateParam,
    type: str | None = Query(None, max_length=60),
    entity: str | None = Query(None, max_length=200),
) -> Response:
    wb = _wb(request)
    events = wb.events(
        date_from, date_to, type or None, actor=entity or None, with_geo=True, limit=MAP_POINTS
    )
    data = {
        "query": {"date_from": date_from, "date_to": date_to, "type": type, "entity": entity},
        "events": events,
        "colours": {**ACLED_COLOURS, "": OTHER_COLOUR},
        "event_types": wb.event_types(),
        "cap": MAP_POINTS,
    }
    return render(request, "map.html", data)


@router.get("/timeline")
@router.get("/timeline.json")
def timeline_page(
    request: Request,
    actor: str | None = Query(None, max_length=200),
    place: str | None = Query(None, max_length=200),
    type: str | None = Query(None, max_length=60),
    date_from: str | None = DateParam,
    date_to: str | None = DateParam,
) -> Response:
    wb = _wb(request)
    events = wb.events(date_from, date_to, type or None, actor=actor or None, place=place or None)
    data = {
        "query": {"actor": actor, "place": place, "type": type, "date_from": date_from, "date_to": date_to},
        "events": events,
        "event_types": wb.event_types(),
    }
    if not wants_json(request):
        data["chart"] = timeline_chart(events)
    return render(request, "timeline.html", data)


@router.get("/contradictions")
@router.get("/contradictions.json")
def contradictions_page(request: Request) -> Response:
    found = _wb(request).contradictions()
    return render(request, "contradictions.html", {"contradictions": found, "pending": found is None})


@router.get("/alerts")
@router.get("/alerts.json")
def alerts_page(
    request: Request,
    since: str | None = Query(None, pattern=r"^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?$", max_length=19),
    watch: str | None = Query(None, pattern=r"^\d{0,9}$"),
    kind: str | None = Query(None, pattern="^(" + "|".join(ALERT_KINDS) + ")?$"),
    page: int = Query(1, ge=1, le=1000),
) -> Response:
    """What ``rasd watch`` raised about the watched items, newest first (the filter form sends empty
    fields for "any", so empty values are allowed)."""
    filters = AlertFilters(since or None, int(watch) if watch else None, kind or None, page)
    return render(request, "alerts.html", alerts_view(_wb(request).store.engine, filters))


@router.get("/basemap.geojson", include_in_schema=False)
def basemap() -> Response:
    data = (files("rasd.data") / "basemap" / "countries.geojson").read_bytes()
    return Response(data, media_type="application/geo+json", headers={"Cache-Control": "max-age=86400"})


@router.get("/export/{fmt}")
def export(
    request: Request,
    fmt: str,
    q: str = Query("", max_length=500),
    entity: str | None = Query(None, max_length=200),
) -> Response:
    """The current selection (a search's articles, or an entity's) in a format ``rasd export`` writes."""
    if fmt not in FORMATS:
        raise HTTPException(404, f"no export format {fmt!r} (one of {', '.join(FORMATS)})")
    wb = _wb(request)
    if entity:
        found = wb.entity(entity)
        if found is None or "redirect" in found:
            raise HTTPException(404, f"no entity has the id {entity!r}")
        ids = [d["id"] for d in found["documents"]]
    else:
        ids = _all_hits(wb, q) if q.strip() else [a["id"] for a in wb.search(SearchFilters())["articles"]]
    out = io.BytesIO()
    write_export(wb.documents(ids[:EXPORT_DOCS]), fmt, out)
    name = f"rasd-{date.today().isoformat()}{FORMATS[fmt][2]}"
    return Response(
        out.getvalue(),
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _all_hits(wb: Workbench, q: str) -> list[str]:
    return [h.doc_id for h in wb.store.search(q, limit=EXPORT_DOCS)]


# -- corrections ------------------------------------------------------------------------------------


async def _checked_form(request: Request) -> dict[str, str]:
    """The POSTed form, after the checks every change must pass (read-only, origin, CSRF token)."""
    config: WebConfig = request.app.state.config
    if config.read_only:
        raise HTTPException(403, "this workbench is read-only (rasd serve --read-only): corrections are off")
    origin = request.headers.get("origin")
    if origin and origin != "null" and not host_allowed(urlsplit(origin).netloc, frozenset({config.host})):
        raise HTTPException(403, "the request comes from another site")
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    if not token_matches(fields.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER), config.csrf_token):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    return fields


def _reason(fields: dict[str, str]) -> str:
    reason = (fields.get("reason") or "").strip()
    if not reason:
        raise BadRequest("a correction needs a reason")
    if len(reason) > 2000:
        raise BadRequest("a reason is 2,000 characters at most")
    return reason


def _known_entity(wb: Workbench, value: str) -> str:
    value = value.strip()
    if not value:
        raise BadRequest("which entity? give its id (as in its page's address)")
    if wb.entity(value) is None:
        raise BadRequest(f"no entity has the id {value!r}")
    return value


@router.post("/corrections/merge")
async def merge(request: Request) -> Response:
    fields = await _checked_form(request)
    wb = _wb(request)
    keep, other = _known_entity(wb, fields.get("entity", "")), _known_entity(wb, fields.get("other", ""))
    if keep == other:
        raise BadRequest("an entity cannot be merged with itself")
    config: WebConfig = request.app.state.config
    wb.store.add_judgement("merge", keep, other, with_analyst(_reason(fields), config.analyst))
    return _after_change(request, keep)


@router.post("/corrections/split")
async def split(request: Request) -> Response:
    fields = await _checked_form(request)
    wb = _wb(request)
    entity = _known_entity(wb, fields.get("entity", ""))
    other = (fields.get("other") or "").strip()
    if not other or other == entity:
        raise BadRequest("split what? give a merged entity's id or a name that is not this entity")
    config: WebConfig = request.app.state.config
    wb.store.add_judgement("split", entity, other, with_analyst(_reason(fields), config.analyst))
    return _after_change(request, entity)


@router.post("/corrections/{judgement_id}/undo")
async def undo(request: Request, judgement_id: int) -> Response:
    fields = await _checked_form(request)
    wb = _wb(request)
    judgement = wb.judgement(judgement_id)
    if judgement is None:
        raise HTTPException(404, f"no judgement {judgement_id}")
    if not is_entity_id(judgement.entity_b):
        raise BadRequest("a name split cannot be undone here; merge the new entity back instead")
    kind: JudgementKind = "split" if judgement.kind == "merge" else "merge"
    why = (fields.get("reason") or "").strip() or f"undo of judgement {judgement_id}"
    config: WebConfig = request.app.state.config
    wb.store.add_judgement(kind, judgement.entity_a, judgement.entity_b, with_analyst(why, config.analyst))
    return _after_change(request, judgement.entity_a)


def _after_change(request: Request, entity_id: str) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return Response(status_code=204)
    return RedirectResponse(entity_url(entity_id) + "#judgements", status_code=303)
