"""Typed errors of the service: a stable machine code, a sentence, and the HTTP status the API answers.

The admin CLI prints the sentence; the API turns the error into a sync.protocol.Problem body.
"""

from __future__ import annotations


class CloudError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class NotFound(CloudError):
    status = 404
    code = "not_found"


class Conflict(CloudError):
    status = 409
    code = "conflict"


class InvalidInput(CloudError):
    status = 422
    code = "invalid_payload"
