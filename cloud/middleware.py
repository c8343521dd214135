"""ASGI middleware: the server's clock on every response, and the body size limit on every request."""

from __future__ import annotations

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
