"""One HTTP POST for the adapters, where every way of not getting a usable answer becomes TransportError.

Refused connection, timeout, reset, a non-200 status, an empty body: for a payment each means "we do not
know what happened", so the adapters turn TransportError into UNKNOWN (or RETRY for a reversal), never
into a failure. The error's text is log-safe: it names the failure, not the request (which holds codes).

The POST goes over keep-alive HTTP/1.1 connections (cloud/payments/http11.py), pooled per channel host
(and client certificate) and shared by every adapter built on the same requests.Session. The session is
the configuration, read once per host: its proxies, its CA bundle (`verify`) and its client certificate.
requests itself costs several times what the whole call costs on a fast channel, so it only carries the
requests that a proxy must carry. No redirect is followed: a redirected payment call is not an answer.
"""

from __future__ import annotations

import ssl
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict
from requests.utils import DEFAULT_CA_BUNDLE_PATH, select_proxy

from cloud.payments.http11 import MalformedAnswer, Pool

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds; micropay may wait on the bank before answering
Cert = tuple[str, str]  # (client certificate file, its key file)


class TransportError(Exception):
    pass


@dataclass(frozen=True)
class Answer:
    body: bytes
    headers: Mapping[str, str]


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str  # with its query string


@lru_cache(maxsize=1024)
def _target(url: str) -> _Target:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TransportError(f"not an http(s) URL: {parts.scheme}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(parts.scheme, parts.hostname, port, path)


def _tls_context(verify: Any, cert: Cert | str | None) -> ssl.SSLContext:
    """As requests verifies: True the bundled CAs, a path a CA file or folder, False nothing."""
    if verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        where = Path(verify if isinstance(verify, str) else DEFAULT_CA_BUNDLE_PATH)
        if where.is_dir():
            context = ssl.create_default_context(capath=str(where))
        else:
            context = ssl.create_default_context(cafile=str(where))
    if isinstance(cert, str):  # one file with the certificate and its key
        context.load_cert_chain(cert)
    elif cert is not None:
        context.load_cert_chain(*cert)
    return context


class Transport:
    """The POSTs of the adapters made on one requests.Session (see the module docstring). It holds the
    session weakly, so that it can be kept per session without keeping the session alive."""

    def __init__(self, session: requests.Session) -> None:
        self._session = weakref.ref(session)
        self._pools: dict[tuple[str, str, int, Cert | None], Pool | None] = {}  # None: via the session
        self._lock = threading.Lock()

    def post(
        self,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        cert: Cert | None = None,
    ) -> Answer:
        target = _target(url)
        session = self._session()
        if session is None:
            raise TransportError("no answer: the session is closed")
        pool = self._pool(session, url, target, cert)
        if pool is None:
            return _through_session(session, url, body, headers, timeout, cert)
        connection = pool.take()
        try:
            reply = connection.post(target.path, body, headers, timeout)
        except (OSError, MalformedAnswer) as exc:
            connection.close()
            kind = "timeout" if isinstance(exc, TimeoutError) else "no answer"
            raise TransportError(f"{kind}: {type(exc).__name__}") from exc
        except BaseException:  # a request that cannot be written (ValueError): the connection goes too
            connection.close()
            raise
        if reply.keep_alive:
            pool.give(connection)
        else:
            connection.close()
        return _checked(reply.status, reply.body, CaseInsensitiveDict(reply.headers))

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            if pool is not None:
                pool.close()

    def _pool(self, session: requests.Session, url: str, target: _Target, cert: Cert | None) -> Pool | None:
        key = (target.scheme, target.host, target.port, cert)
        try:
            return self._pools[key]
        except KeyError:
            pass
        settings = session.merge_environment_settings(url, {}, None, None, None)
        made = None
        if select_proxy(url, settings["proxies"]) is None:
            context = None
            if target.scheme == "https":
                try:
                    context = _tls_context(settings["verify"], cert or settings["cert"])
                except (OSError, ValueError) as exc:  # a CA bundle or client certificate that cannot be read
                    raise TransportError(f"no answer: TLS set-up {type(exc).__name__}") from exc
            made = Pool(target.host, target.port, context)
        with self._lock:
            return self._pools.setdefault(key, made)


def _checked(status: int, body: bytes, headers: Mapping[str, str]) -> Answer:
    if status != 200:
        raise TransportError(f"HTTP {status}")
    if not body:
        raise TransportError("empty answer")
    return Answer(body, headers)


def _through_session(
    session: requests.Session,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    timeout: tuple[float, float],
    cert: Cert | None,
) -> Answer:
    try:
        response = session.post(
            url, data=body, headers=dict(headers), timeout=timeout, cert=cert, allow_redirects=False
        )
    except requests.Timeout as exc:
        raise TransportError(f"timeout: {type(exc).__name__}") from exc
    except requests.RequestException as exc:
        raise TransportError(f"no answer: {type(exc).__name__}") from exc
    return _checked(response.status_code, response.content, response.headers)


_TRANSPORTS: weakref.WeakKeyDictionary[requests.Session, Transport] = weakref.WeakKeyDictionary()
_TRANSPORTS_LOCK = threading.Lock()


def transport_for(session: requests.Session) -> Transport:
    """The one Transport of the session: its connections are closed when the session is collected."""
    found = _TRANSPORTS.get(session)
    if found is None:
        with _TRANSPORTS_LOCK:
            found = _TRANSPORTS.get(session)
            if found is None:
                found = _TRANSPORTS[session] = Transport(session)
                weakref.finalize(session, found.close)
    return found


def post(
    session: requests.Session,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    cert: Cert | None = None,
) -> Answer:
    return transport_for(session).post(url, body, headers, timeout=timeout, cert=cert)
