"""The OpenAPI document: FastAPI's, plus the hand-read bodies (push, payments) and the signing headers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from sync.journal_protocol import JournalBatch
from sync.payment_protocol import PayCommand, RefundCommand, TradeRef
from sync.protocol import PushRequest
from sync.signing import DEVICE_ID, NONCE, SIGNATURE, TIMESTAMP

SIGNED: list[dict[str, list[str]]] = [{"deviceId": [], "timestamp": [], "nonce": [], "signature": []}]
# Bodies read by hand after the signature is checked, so FastAPI does not see them: declared here.
HAND_READ: tuple[type[BaseModel], ...] = (PushRequest, PayCommand, TradeRef, RefundCommand, JournalBatch)


def signed_body(schema: str) -> dict[str, Any]:
    """The openapi_extra of a signed route whose JSON body is the component `schema`."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        "security": SIGNED,
    }


def _header(name: str, description: str) -> dict[str, str]:
    return {"type": "apiKey", "in": "header", "name": name, "description": description}


def openapi_document(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is not None:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for model in HAND_READ:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in schema.pop("$defs", {}).items():
            schemas.setdefault(name, sub)
        schemas.setdefault(model.__name__, schema)
    components["securitySchemes"] = {
        "deviceId": _header(DEVICE_ID, "the device_id from pairing"),
        "timestamp": _header(TIMESTAMP, "unix seconds"),
        "nonce": _header(NONCE, "a new random value for every request"),
        "signature": _header(SIGNATURE, "sync.signing: HMAC-SHA256 over method, target, time, nonce, body"),
    }
    app.openapi_schema = doc
    return doc
