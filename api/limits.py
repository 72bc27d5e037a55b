"""Request body limits, applied before any work: an ASGI middleware outside the routes.

A body is refused with 413 when its ``Content-Length`` says it is too large, before a byte of it is read and
before authentication; a body sent without a length (chunked) is counted as it streams and refused as soon as
it passes the limit. Uploads (``multipart/form-data``) may carry ``max_upload_bytes`` plus the multipart
envelope; every other body (JSON) at most ``max_json_bytes``.
"""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ApiError, error_body

MULTIPART_ENVELOPE = 64 * 1024
"""Bytes allowed on top of the file in an upload (part headers, boundaries, small form fields)."""


class BodyTooLargeError(ApiError):
    """The request body passed its limit (raised from ``receive``, answered 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, "body_too_large", f"request body larger than the {limit} bytes accepted")
        self.limit = limit


def _answer(status: int, code: str, detail: str) -> tuple[Message, Message]:
    body = json.dumps(error_body(code, detail)).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),  # the rest of the body is not read: this connection cannot be reused
    ]
    return {"type": "http.response.start", "status": status, "headers": headers}, {
        "type": "http.response.body",
        "body": body,
    }


def _too_large(limit: int) -> tuple[Message, Message]:
    return _answer(413, "body_too_large", f"request body larger than the {limit} bytes accepted")


class BodyLimitMiddleware:
    """Refuse request bodies above their limit before they are read.

    Args:
        app: the ASGI application.
        max_json_bytes: limit of every body that is not an upload.
        max_upload_bytes: largest uploaded file (the multipart envelope comes on top).
    """

    def __init__(self, app: ASGIApp, *, max_json_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_json_bytes = max_json_bytes
        self.max_upload_bytes = max_upload_bytes

    def limit_for(self, headers: Headers) -> int:
        """The limit of a request, by its media type."""
        if headers.get("content-type", "").lower().startswith("multipart/form-data"):
            return self.max_upload_bytes + MULTIPART_ENVELOPE
        return self.max_json_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = self.limit_for(headers)
        declared = headers.get("content-length")
        if declared is not None and not declared.strip().isdigit():
            await _send_all(send, _answer(400, "bad_request", "Content-Length is not a non-negative integer"))
            return
        if declared is not None and int(declared) > limit:
            await _send_all(send, _too_large(limit))
            return
        await self._guarded(scope, receive, send, limit)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLargeError:
            if started:
                raise
            await _send_all(send, _too_large(limit))


async def _send_all(send: Send, messages: tuple[Message, Message]) -> None:
    for message in messages:
        await send(message)
