"""Application services: access checks, transactions and domain calls, one class per resource.

A route validates the request, calls one service method and turns its result into HTTP; a domain error raised here
(``matching.errors`` or ``api.services.errors``) becomes an HTTP answer in one place, ``api.app``. A write commits
the record, its occupation codes and its change-log row in one transaction and returns its change id; the index
worker applies it (``api.indexing.worker``).
"""

from api.services.candidates import CandidateService
from api.services.errors import ConflictError, ForbiddenError
from api.services.vacancies import VacancyService
from api.services.writes import Written

__all__ = ["CandidateService", "ConflictError", "ForbiddenError", "VacancyService", "Written"]
