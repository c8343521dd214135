"""The signed sync routes: a till pushes its events and pulls its store's catalog and cashiers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from cloud.auth import Signed
from cloud.cashiers import cashier_page
from cloud.catalog import catalog_page
from cloud.context import Ctx
from cloud.ingest import parse_envelope, store_events
from cloud.openapi import SIGNED, signed_body
from cloud.problems import problem_responses
from sync.protocol import MAX_PULL_PAGE, CashierPage, CatalogPage, PushResponse

router = APIRouter(tags=["sync"])

MAX_CURSOR = 2**62
DEFAULT_PAGE = 1000
After = Annotated[int, Query(ge=0, le=MAX_CURSOR, description="the next_cursor of the previous page")]
Limit = Annotated[int, Query(ge=1, le=MAX_PULL_PAGE)]


# The body is read and checked by hand (one bad event must not refuse the others), so its schema is
# declared for the OpenAPI document by cloud.openapi.
@router.post(
    "/v1/sync/push",
    response_model=PushResponse,
    responses=problem_responses(401, 403, 413, 422),
    openapi_extra=signed_body("PushRequest"),
)
def push(signed: Signed, ctx: Ctx) -> PushResponse:
    """Each event is answered stored, duplicate (also an ack) or rejected (with the reason)."""
    events = parse_envelope(signed.body)
    return PushResponse(results=store_events(ctx.db, ctx.clock, signed.device, events))


@router.get(
    "/v1/sync/catalog",
    response_model=CatalogPage,
    responses=problem_responses(401, 403, 413, 422),
    openapi_extra={"security": SIGNED},
)
def pull_catalog(signed: Signed, ctx: Ctx, after: After = 0, limit: Limit = DEFAULT_PAGE) -> CatalogPage:
    return catalog_page(ctx.db, signed.device.store_id, after, limit)


@router.get(
    "/v1/sync/cashiers",
    response_model=CashierPage,
    responses=problem_responses(401, 403, 413, 422),
    openapi_extra={"security": SIGNED},
)
def pull_cashiers(signed: Signed, ctx: Ctx, after: After = 0, limit: Limit = DEFAULT_PAGE) -> CashierPage:
    return cashier_page(ctx.db, signed.device.store_id, after, limit)
