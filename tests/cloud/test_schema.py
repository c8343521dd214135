"""Property tests driven by the live /openapi.json (schemathesis + hypothesis): whatever a client sends,
signed or not, valid or not, the service answers without a 5xx and as its schema documents."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cloud.cashiers import add_cashier
from cloud.catalog import import_rows
from pos_app.catalog import Unit
from pos_app.catalog_csv import CatalogRow
from tests.cloud.conftest import DeviceAuth, LiveCloud, Paired, Shop, make_store, pair_device

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Cases per operation and mode: enough to find the shapes that break things (NUL bytes, lone
# surrogates, huge numbers) while the whole of tests/cloud stays within two minutes.
# CLOUD_FUZZ_SCALE=10 runs ten times as many, for a longer hunt.
SCALE = int(os.environ.get("CLOUD_FUZZ_SCALE", "1"))
# The payment routes of a merchant with no channel open: their checks run, no channel is called.
PAYMENT_ROUTES = [
    ("/v1/payments/pay", "POST"),
    ("/v1/payments/query", "POST"),
    ("/v1/payments/cancel", "POST"),
    ("/v1/payments/refund", "POST"),
    ("/v1/payments/channels", "GET"),
]
EXAMPLES = {"/v1/sync/push": 15 * SCALE, **{path: 5 * SCALE for path, _ in PAYMENT_ROUTES}}
DEFAULT_EXAMPLES = 20 * SCALE
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


@pytest.fixture(scope="module")
def api(cloud: LiveCloud) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{cloud.url}/openapi.json")


@pytest.fixture(scope="module")
def stocked(cloud: LiveCloud) -> Shop:
    """A store with a catalog and a cashier, so the pulls answer something."""
    shop = make_store(cloud)
    rows = [CatalogRow(2, ("6901234567892",), "可口可乐", 350, Unit.PIECE, "饮料", 1300)]
    import_rows(cloud.db, shop.store_id, rows)
    add_cashier(cloud.db, str(shop.store_id), "张三", "cashier", "1234")
    return shop


@pytest.fixture(scope="module")
def device(cloud: LiveCloud, stocked: Shop) -> Paired:
    return pair_device(cloud, stocked.store_id)


def _fuzz(
    api: schemathesis.BaseSchema,
    cloud: LiveCloud,
    path: str,
    method: str,
    mode: GenerationMode,
    session: requests.Session,
) -> None:
    strategy = api[path][method].as_strategy(generation_mode=mode)

    examples = EXAMPLES.get(path, DEFAULT_EXAMPLES)

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def answers_as_documented(case: schemathesis.Case[Any]) -> None:
        response = case.call(base_url=cloud.url, session=session)
        case.validate_response(response, checks=CHECKS)

    answers_as_documented()


@pytest.fixture
def unsigned() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@pytest.mark.parametrize(
    ("path", "method", "mode"),
    [
        ("/healthz", "GET", GenerationMode.POSITIVE),  # nothing to get wrong: no negative cases
        ("/v1/devices/pair", "POST", GenerationMode.POSITIVE),
        ("/v1/devices/pair", "POST", GenerationMode.NEGATIVE),
    ],
)
@pytest.mark.usefixtures("device")  # paired before the fuzzing sets off the pairing throttle
def test_unsigned_endpoints_answer_as_documented(
    api: schemathesis.BaseSchema,
    cloud: LiveCloud,
    unsigned: requests.Session,
    path: str,
    method: str,
    mode: GenerationMode,
) -> None:
    _fuzz(api, cloud, path, method, mode, unsigned)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize(
    ("path", "method"),
    [("/v1/sync/push", "POST"), ("/v1/sync/catalog", "GET"), ("/v1/sync/cashiers", "GET"), *PAYMENT_ROUTES],
)
def test_signed_endpoints_answer_as_documented(
    api: schemathesis.BaseSchema,
    cloud: LiveCloud,
    device: Paired,
    path: str,
    method: str,
    mode: GenerationMode,
) -> None:
    with requests.Session() as session:
        session.auth = DeviceAuth(device.device_id, device.secret)
        _fuzz(api, cloud, path, method, mode, session)


def test_unsigned_calls_to_signed_endpoints_answer_as_documented(
    api: schemathesis.BaseSchema, cloud: LiveCloud, unsigned: requests.Session
) -> None:
    _fuzz(api, cloud, "/v1/sync/catalog", "GET", GenerationMode.POSITIVE, unsigned)
