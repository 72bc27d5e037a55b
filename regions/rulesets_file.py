"""The content of a rule-set file: its pydantic model (sources, lists, ``[rules.<name>]`` tables) and the parser.

Each ``[rules.<name>]`` table is validated by the config model registered under that name
(``regions.rules_registry``); errors name the file and the field.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from matching.errors import RuleSetError
from regions.rules_lists import ListSpec
from regions.rules_registry import RuleConfig, rule_entry

_ID = r"^[a-z0-9][a-z0-9._-]*$"


class SourceSpec(BaseModel):
    """A ``[sources.<id>]`` table: where a list or a threshold comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")
    date: str = Field(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="Publication date: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    kind: str = Field("", description="e.g. 'official', 'law firm', 'consultant', 'news aggregator'.")


class RuleSetFile(BaseModel):
    """The content of one rule-set file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID, description="Unique id, recorded on every match it ranks.")
    family: str = Field("passerelle", pattern=_ID, description="Sets of one family replace each other over time.")
    version: str = Field(min_length=1, description="Version label, e.g. '2026.1'.")
    status: Literal["active", "draft"] = Field("active", description="Drafts are never picked by date.")
    effective_from: date = Field(description="First day the set applies (inclusive).")
    effective_to: date | None = Field(
        None, description="Last day the set applies (inclusive); if absent, until the next active set starts."
    )
    description: str = Field(min_length=1, description="What the set is for, in a sentence or two.")
    max_total_boost: float = Field(gt=0, le=0.5, description="Most all positive rule deltas of one pair add up to.")
    sources: dict[str, SourceSpec] = Field(default_factory=dict, description="Cited by lists and rules by id.")
    lists: dict[str, ListSpec] = Field(default_factory=dict, description="Data files the rules use, by name.")
    rules: dict[str, dict[str, Any]] = Field(
        min_length=1, description="[rules.<name>] tables, in application order: registered rule name -> parameters."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> RuleSetFile:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"effective_to {self.effective_to} is before effective_from {self.effective_from}")
        for name, spec in self.lists.items():
            missing = [s for s in spec.sources if s not in self.sources]
            if missing:
                raise ValueError(f"list {name!r} cites unknown source(s) {missing}; declare them in [sources]")
        return self

    def covers(self, on: date) -> bool:
        """Whether ``on`` falls in the declared period (an open end is not cut by a successor here)."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def rule_configs(self) -> dict[str, RuleConfig]:
        """Each ``[rules.<name>]`` table validated by the config model registered under its name.

        Raises:
            RuleSetError: an unknown rule name (the registered ones are listed) or an invalid parameter.
        """
        configs: dict[str, RuleConfig] = {}
        for name, table in self.rules.items():
            entry = rule_entry(name)
            try:
                configs[name] = entry.config_model.model_validate(table)
            except ValidationError as e:
                raise RuleSetError(f"invalid rule set: {_describe(e, f'rules.{name}')}") from e
        return configs


def _describe(error: ValidationError, prefix: str = "") -> str:
    parts = []
    for item in error.errors():
        where = ".".join([prefix, *(str(p) for p in item["loc"])] if prefix else [str(p) for p in item["loc"]])
        where = where or "(file)"
        parts.append(f"field '{where}': {item['msg']} (got {item.get('input')!r})")
    return "; ".join(parts)


def parse_rule_set_file(path: Path) -> RuleSetFile:
    """Read and validate one TOML file.

    Args:
        path: the file.

    Returns:
        The validated content.

    Raises:
        RuleSetError: unreadable TOML or invalid content; the message names the file and the field.
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise RuleSetError(f"{path.name}: cannot read rule set: {e}") from e
    try:
        spec = RuleSetFile.model_validate(raw)
    except ValidationError as e:
        raise RuleSetError(f"{path.name}: invalid rule set: {_describe(e)}") from e
    try:
        spec.rule_configs()
    except RuleSetError as e:
        raise RuleSetError(f"{path.name}: {e}") from e
    return spec
