"""The OpenAPI document: FastAPI's, plus the hand-read push body and the signing headers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from sync.protocol import PushRequest
from sync.signing import DEVICE_ID, NONCE, SIGNATURE, TIMESTAMP


def _header(name: str, description: str) -> dict[str, str]:
    return {"type": "apiKey", "in": "header", "name": name, "description": description}


def openapi_document(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is not None:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    push = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, schema in push.pop("$defs", {}).items():
        schemas.setdefault(name, schema)
    schemas.setdefault("PushRequest", push)
    components["securitySchemes"] = {
        "deviceId": _header(DEVICE_ID, "the device_id from pairing"),
        "timestamp": _header(TIMESTAMP, "unix seconds"),
        "nonce": _header(NONCE, "a new random value for every request"),
        "signature": _header(SIGNATURE, "sync.signing: HMAC-SHA256 over method, target, time, nonce, body"),
    }
    app.openapi_schema = doc
    return doc
