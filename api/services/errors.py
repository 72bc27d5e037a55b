"""Errors of the application services (the HTTP status of each is decided in one place, ``api.errors``)."""

from __future__ import annotations

from matching.errors import MatchingError


class ForbiddenError(MatchingError):
    """The account may not do this (HTTP 403)."""


class ConflictError(MatchingError):
    """The request conflicts with the stored state, e.g. a second profile for one account (HTTP 409)."""

    def __init__(self, message: str, code: str = "conflict") -> None:
        super().__init__(message)
        self.code = code


class NotFoundError(MatchingError):
    """The record does not exist or this account may not see it: both answer alike (HTTP 404)."""
