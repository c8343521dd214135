"""ASGI middleware: the server's clock on every response, the body size limit on every request, and the
direct routes that skip FastAPI's router."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cloud.problems import PayloadTooLarge, problem_response, server_time
from pos_app.clock import Clock
from sync.protocol import MAX_BODY_BYTES
from sync.signing import SERVER_TIME

_SERVER_TIME = SERVER_TIME.lower().encode()


class ServerTime:
    """Adds SERVER_TIME (unix seconds) to every response, errors included, so a till can see its skew."""

    def __init__(self, app: ASGIApp, clock: Clock) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_time(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == _SERVER_TIME for name, _ in headers):
                    headers.append((_SERVER_TIME, server_time(self.clock).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_time)


class BodyLimit:
    """Refuses a body over MAX_BODY_BYTES: by its Content-Length before reading, else while reading."""

    def __init__(self, app: ASGIApp, clock: Clock, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.clock = clock
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            status, code = (413, "payload_too_large") if declared.isdigit() else (400, "bad_request")
            message = f"the body is larger than {self.limit} bytes" if status == 413 else "bad Content-Length"
            await problem_response(self.clock, status, code, message)(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise PayloadTooLarge(self.limit)
            return message

        await self.app(scope, counting_receive, send)


Endpoint = Callable[[Request], Awaitable[Response]]
ExceptionHandler = Callable[[Request, Exception], Response | Awaitable[Response]]


def direct_routes(router: APIRouter, prefix: str = "") -> dict[tuple[str, str], Endpoint]:
    """The router's routes by method and full path, for DirectRoutes. Each must take the bare Request and
    answer a Response itself (no path parameter, no dependency, no body model): what FastAPI would add
    is nothing, as for the signed payment routes and the sandbox's."""
    table: dict[tuple[str, str], Endpoint] = {}
    for route in router.routes:
        assert isinstance(route, APIRoute), route
        needs = route.dependant
        plain = not (
            route.param_convertors
            or needs.dependencies
            or needs.path_params
            or needs.query_params
            or needs.header_params
            or needs.cookie_params
            or needs.body_params
        )
        assert plain and needs.request_param_name, f"{route.path} is not a bare-Request route"
        for method in route.methods or ():
            table[(method, prefix + route.path)] = route.endpoint
    return table


class DirectRoutes:
    """Hands a request whose method and path are in `routes` straight to its endpoint. FastAPI's router
    finds a route by trying one after another, and costs more than a payment route's own work; these
    routes stay registered on the app all the same (its OpenAPI document, a method it does not allow).
    An exception becomes an answer through the app's own exception handlers, as ExceptionMiddleware
    would make it; what none of them handles goes on up to ServerErrorMiddleware (a 500 Problem)."""

    def __init__(
        self,
        app: ASGIApp,
        routes: Mapping[tuple[str, str], Endpoint],
        handlers: Mapping[type[Exception] | int, ExceptionHandler],
    ) -> None:
        self.app = app
        self.routes = routes
        self.handlers = handlers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self.routes.get((scope["method"], scope["path"])) if scope["type"] == "http" else None
        if endpoint is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await endpoint(request)
        except Exception as exc:
            handler = self._handler(exc)
            if handler is None:
                raise
            answer = handler(request, exc)
            response = await answer if inspect.isawaitable(answer) else answer
        await response(scope, receive, send)

    def _handler(self, exc: Exception) -> ExceptionHandler | None:
        for kind in type(exc).__mro__:
            if kind is Exception:  # the app's catch-all belongs to ServerErrorMiddleware
                return None
            if kind in self.handlers:
                return self.handlers[kind]
        return None
