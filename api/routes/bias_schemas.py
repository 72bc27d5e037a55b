"""HTTP models of the bias audit."""

from __future__ import annotations

from pydantic import BaseModel, Field


class RateRowPublic(BaseModel):
    category: str
    pool: int = Field(description="Candidates of the category in the pool.")
    selected: int = Field(description="Of them, selected (in the top-k, or above the median score).")
    rate: float = Field(description="selected / pool.")
    impact_ratio: float | None = Field(description="rate / the highest rate of the table (None if all are 0).")


class RateTablePublic(BaseModel):
    rows: list[RateRowPublic]
    excluded_categories: list[str] = Field(description="Categories under min_share of the pool, left out.")
    excluded_candidates: int = Field(description="Candidates in the excluded categories.")
    unknown_candidates: int = Field(description="Candidates with no value (or 'prefer not to say'), left out.")


class RuleImpactPublic(BaseModel):
    rule: str = Field(description='A rule of the set, or "*" for the whole rule stage (base scores only).')
    without_rule: RateTablePublic = Field(description="Selection rates of the top-k ranked without this rule.")


class DimensionAuditPublic(BaseModel):
    dimension: str = Field(description='"country", "status" or "gender" (voluntary self-identification).')
    selection: RateTablePublic
    scoring: RateTablePublic
    rules: list[RuleImpactPublic]


class BiasAuditPublic(BaseModel):
    vacancy_id: int | None
    region_code: str | None
    month: str | None
    k: int
    vacancies: int
    truncated: bool = Field(description="More vacancies matched than max_vacancies; the newest were audited.")
    pool_size: int = Field(description="Candidates ranked, summed over the vacancies.")
    pool_limit: int = Field(description="Most candidates ranked per vacancy.")
    min_share: float
    rule_set_ids: list[str]
    dimensions: list[DimensionAuditPublic]
