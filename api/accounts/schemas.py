"""Request and response bodies of the account endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from api.schemas import MePublic

Language = Literal["fr", "en", "es"]
REGION_CODES = tuple(f"{n:02d}" for n in range(1, 18))


def _email(value: str) -> str:
    value = value.strip()
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in value):
        raise ValueError("not an e-mail address")
    return value


class SignUpBody(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=256)
    role: Literal["candidate", "employer"]
    name: str = Field(min_length=1, max_length=200, description="The person's name.")
    language: Language = "fr"
    company_name: str = Field("", max_length=200, description="Employers: the company's name.")
    region: str | None = Field(None, description="Employers: the region code (01..17) where it hires.")

    _check_email = field_validator("email")(_email)

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        code = value.strip().zfill(2)
        if code not in REGION_CODES:
            raise ValueError("unknown region: use a code from 01 to 17")
        return code


class EmailBody(BaseModel):
    email: str = Field(max_length=320)

    _check_email = field_validator("email")(_email)


class SignInBody(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=256)


class TokenSignInBody(BaseModel):
    token: str = Field(min_length=1, max_length=200)


class LinkBody(BaseModel):
    token: str = Field(min_length=1, max_length=300)


class ResetBody(BaseModel):
    token: str = Field(min_length=1, max_length=300)
    password: str = Field(max_length=256)


class Accepted(BaseModel):
    status: str
    detail: str


class MeDetail(MePublic):
    email: str | None
    email_verified: bool
    language: str
    digest_enabled: bool
    employer_verified: bool | None = Field(description="Employers: whether an advisor verified the company.")


class SignedIn(BaseModel):
    me: MeDetail
    csrf_token: str = Field(description="Send it back in X-CSRF-Token on every POST/PATCH/DELETE.")


class MeUpdate(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=200)
    language: Language | None = None
    digest_enabled: bool | None = None


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class TokenPublic(BaseModel):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="Shown once; only its hash is kept.")


class TokensPublic(BaseModel):
    data: list[TokenPublic]


class EmployerPublic(BaseModel):
    id: int
    name: str
    region_code: str | None
    verified: bool
    verified_at: datetime | None
    created_at: datetime
    contact_email: str | None


class EmployersPublic(BaseModel):
    data: list[EmployerPublic]
    count: int


class AdvisorCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=320)
    regions: list[str] = Field(min_length=1, max_length=17)
    language: Language = "fr"

    _check_email = field_validator("email")(_email)

    @field_validator("regions")
    @classmethod
    def _regions(cls, value: list[str]) -> list[str]:
        codes = sorted({v.strip().zfill(2) for v in value})
        bad = [c for c in codes if c not in REGION_CODES]
        if bad:
            raise ValueError(f"unknown region(s) {', '.join(bad)}: use codes 01 to 17")
        return codes


class AdvisorCreated(BaseModel):
    id: int
    name: str
    email: str
    regions: list[str]
