"""POST /v1/devices/pair: a till trades a one-time code for its device id and secret (unsigned)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from cloud.context import Ctx
from cloud.errors import CloudError
from cloud.pairing import CodeExpired, CodeInvalid, pair
from cloud.problems import problem_responses
from sync.protocol import PairRequest, PairResponse

router = APIRouter(tags=["devices"])


@router.post(
    "/v1/devices/pair", response_model=PairResponse, responses=problem_responses(400, 410, 413, 422, 429)
)
def pair_device(body: PairRequest, request: Request, ctx: Ctx) -> PairResponse:
    client = request.client.host if request.client else "unknown"
    if ctx.pair_throttle.blocked(client):
        raise CloudError(
            "too many wrong pairing codes; wait a minute and try again", code="rate_limited", status=429
        )
    try:
        return pair(ctx.db, ctx.clock, body)
    except (CodeInvalid, CodeExpired):
        ctx.pair_throttle.failed(client)
        raise
