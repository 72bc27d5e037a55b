"""What every write answers with (its change id) and the ``?after=<change id>`` parameter of searches."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Query, Response

from api.services.writes import Written

T = TypeVar("T")
CHANGE_HEADER = "X-Change-Id"

AfterQuery = Annotated[
    int | None,
    Query(
        ge=0,
        le=2**63 - 1,
        description="A change id returned by a write (X-Change-Id): the answer waits, at most a few seconds, "
        "until the search index reflects it, then answers 503 if it still does not.",
    ),
]


def answer(response: Response, written: Written[T]) -> T:
    """The written value, with its change id in the ``X-Change-Id`` header."""
    response.headers[CHANGE_HEADER] = str(written.change_id)
    return written.value
