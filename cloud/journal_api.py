"""The signed journal route: a till sends its fiscal journal entries, the cloud checks the chain and
answers how far it holds it and where it broke (sync/journal_protocol.py; the work: journal_service.py).

The body is parsed only after the signature checks out. A body that is not a JournalBatch is a 422; an
entry that does not hold is not a refused request but a break in the answer.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import ValidationError

from cloud.auth import Signed
from cloud.context import Ctx
from cloud.errors import InvalidInput
from cloud.ingest import describe
from cloud.journal_service import receive
from cloud.openapi import signed_body
from cloud.problems import problem_responses
from sync.journal_protocol import JournalAnswer, JournalBatch

router = APIRouter(tags=["journal"])


@router.post(
    "/v1/journal",
    response_model=JournalAnswer,
    responses=problem_responses(401, 403, 413, 422, 503),
    openapi_extra=signed_body("JournalBatch"),
)
def push_journal(signed: Signed, ctx: Ctx) -> JournalAnswer:
    """Keeps the entries that continue the chain; answers stored_through and the first break, if any."""
    try:
        batch = JournalBatch.model_validate_json(signed.body)
    except ValidationError as exc:
        raise InvalidInput(describe(exc)) from None
    return receive(ctx.db, ctx.clock, signed.device, batch)
