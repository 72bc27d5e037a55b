"""Rule sets as data: dated, versioned TOML files validated on load, and the registry that picks one by date.

A file in ``regions/rulesets/`` describes one set (see the README section "regions" for every parameter).
Several sets coexist: past years, the one in force, drafts for next year. Within a family, the effective
periods of non-draft sets must not overlap; a set without ``effective_to`` stays in force until the next active
set of its family starts, so a new year's set is a new file and the engine never runs out of rules at year end.
"""

from __future__ import annotations

import itertools
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from matching.errors import RuleSetError
from matching.ports import PriorityRule
from regions.boundaries import Boundary, is_inside
from regions.diagnostics import Diagnostic, Diagnostics, load_diagnostics
from regions.geography import Geography, Municipality, load_geography
from regions.rules import (
    FastTrack,
    FastTrackConfig,
    FastTrackWeights,
    RegionalPriority,
    RegionalPriorityConfig,
    RegionalPriorityWeights,
)

_ID = r"^[a-z0-9][a-z0-9._-]*$"
_SHORTAGE = frozenset({Diagnostic.DEFICIT, Diagnostic.SLIGHT_DEFICIT})


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
    boundary: Boundary = Field(description="'cmm' or 'montreal_laval': what is not 'the regions'.")
    urgent_diagnostics: list[Diagnostic] = Field(
        min_length=1, description="Diagnostics counted as urgent, e.g. ['Déficit'] or ['Déficit', 'Léger déficit']."
    )
    max_total_boost: float = Field(gt=0, le=0.5, description="Most all positive rule deltas of one pair add up to.")
    regional_priority: RegionalPriorityWeights = Field(default_factory=RegionalPriorityWeights)
    fast_track: FastTrackWeights = Field(default_factory=FastTrackWeights)

    @field_validator("urgent_diagnostics", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        """Compose accents (NFC), so that a "Déficit" typed with a combining accent is still recognised."""
        if isinstance(value, list):
            return [unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in value]
        return value

    @field_validator("urgent_diagnostics")
    @classmethod
    def _shortage_only(cls, value: list[Diagnostic]) -> list[Diagnostic]:
        """Urgent means in shortage: 'Déficit', optionally with 'Léger déficit'; each listed once."""
        if len(set(value)) != len(value):
            raise ValueError("each diagnostic may be listed only once")
        if Diagnostic.DEFICIT not in value or not set(value) <= _SHORTAGE:
            raise ValueError("expected ['Déficit'] or ['Déficit', 'Léger déficit'] (urgent means in shortage)")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> RuleSetFile:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"effective_to {self.effective_to} is before effective_from {self.effective_from}")
        return self

    def covers(self, on: date) -> bool:
        """Whether ``on`` falls in the declared period (an open end is not cut by a successor here)."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class PasserelleRuleSet:
    """A loaded rule set: implements ``matching.ports.RuleSet`` (``id``, ``rules``, ``max_total_boost``).

    Attributes:
        spec: the validated file content (dates, version, parameters).
        rules: the rule objects built from it, in application order.
        source: the file it came from (None when built in memory).
    """

    spec: RuleSetFile
    rules: Sequence[PriorityRule]
    source: Path | None = None
    zeroed: bool = False
    geography: Geography | None = field(default=None, repr=False)
    diagnostics: Diagnostics | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return f"{self.spec.id}+zero" if self.zeroed else self.spec.id

    @property
    def max_total_boost(self) -> float:
        return self.spec.max_total_boost

    @property
    def boundary(self) -> Boundary:
        """The boundary of "the regions" this set uses."""
        return self.spec.boundary

    def is_outside(self, municipality: Municipality) -> bool:
        """Whether a municipality is "in the regions" (outside this set's boundary)."""
        return not is_inside(municipality, self.spec.boundary)

    def is_urgent(self, code: str) -> bool:
        """Whether an occupation code is urgent (fast-track) under this set's diagnostics."""
        return (self.diagnostics or load_diagnostics()).is_urgent(code, self.spec.urgent_diagnostics)

    def with_zero_weights(self) -> PasserelleRuleSet:
        """The same rules with every boost at 0 (same flags and reasons): the no-rules baseline, id "+zero"."""
        return build_rule_set(
            self.spec, geography=self.geography, diagnostics=self.diagnostics, source=self.source, zero_weights=True
        )


def build_rule_set(
    spec: RuleSetFile,
    *,
    geography: Geography | None = None,
    diagnostics: Diagnostics | None = None,
    source: Path | None = None,
    zero_weights: bool = False,
) -> PasserelleRuleSet:
    """Turn a validated file into rule objects.

    Args:
        spec: the validated content.
        geography: for the regional rule (the package data by default).
        diagnostics: for the fast track (the package data by default).
        source: the file it came from.
        zero_weights: build the same rules with every boost at 0 (same flags and reasons, no re-ordering):
            the baseline for impact comparisons. Its id gets the suffix "+zero".

    Returns:
        The rule set; disabled rules are left out.
    """
    geography = geography or load_geography()
    diagnostics = diagnostics or load_diagnostics()
    rp, ft = spec.regional_priority, spec.fast_track
    if zero_weights:
        rp = rp.model_copy(update={"boost_named_region": 0.0, "boost_all_regions": 0.0})
        ft = ft.model_copy(update={"boost": 0.0})
    rules: list[PriorityRule] = []
    if rp.enabled:
        config = RegionalPriorityConfig(**rp.model_dump(), boundary=spec.boundary)
        rules.append(RegionalPriority(config, geography))
    if ft.enabled:
        ft_config = FastTrackConfig(**ft.model_dump(), urgent_diagnostics=frozenset(spec.urgent_diagnostics))
        rules.append(FastTrack(ft_config, diagnostics))
    return PasserelleRuleSet(spec, tuple(rules), source, zero_weights, geography, diagnostics)


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(file)"
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
        return RuleSetFile.model_validate(raw)
    except ValidationError as e:
        raise RuleSetError(f"{path.name}: invalid rule set: {_describe(e)}") from e


class RuleSetRegistry:
    """Every known rule set; implements ``matching.ports.RuleSetProvider`` for one family.

    Args:
        rule_sets: the loaded sets (ids unique; non-draft sets of a family must not overlap in time).
        family: the family :meth:`in_force` picks from.
    """

    def __init__(self, rule_sets: Iterable[PasserelleRuleSet], family: str = "passerelle") -> None:
        self._sets: dict[str, PasserelleRuleSet] = {}
        for rs in rule_sets:
            if rs.id in self._sets:
                raise RuleSetError(
                    f"rule set id {rs.id!r} is defined twice ({_origin(self._sets[rs.id])}, {_origin(rs)})"
                )
            self._sets[rs.id] = rs
        self.family = family
        _check_overlaps(self.list())
        self._active = tuple(rs for rs in self.list() if rs.spec.family == family and rs.spec.status == "active")

    def list(self) -> list[PasserelleRuleSet]:
        """All sets, by family then start date then id."""
        return sorted(self._sets.values(), key=lambda r: (r.spec.family, r.spec.effective_from, r.id))

    def get(self, rule_set_id: str) -> PasserelleRuleSet:
        """The set with this id (drafts included); :class:`RuleSetError` listing the known ids otherwise."""
        found = self._sets.get(rule_set_id)
        if found is None:
            known = ", ".join(sorted(self._sets)) or "none"
            raise RuleSetError(f"unknown rule set {rule_set_id!r}; known: {known}")
        return found

    def active(self) -> tuple[PasserelleRuleSet, ...]:
        """The non-draft sets of this registry's family, by start date."""
        return self._active

    def in_force(self, on: date) -> PasserelleRuleSet:
        """The non-draft set of this registry's family in force on ``on``: the last one started by then,
        unless its ``effective_to`` has passed (an open-ended set lasts until its successor starts).

        Raises:
            RuleSetError: no set is in force on that date.
        """
        started = [rs for rs in self.active() if rs.spec.effective_from <= on]
        if started and (started[-1].spec.effective_to is None or on <= started[-1].spec.effective_to):
            return started[-1]
        raise RuleSetError(f"no rule set of family {self.family!r} is in force on {on.isoformat()}")

    def effective_until(self, rule_set: PasserelleRuleSet) -> date | None:
        """Last day ``rule_set`` is in force: its ``effective_to``, else the day before its successor starts
        (None: open-ended, no successor yet; drafts and other families: their declared ``effective_to``)."""
        if rule_set.spec.effective_to is not None or rule_set.id not in {rs.id for rs in self.active()}:
            return rule_set.spec.effective_to
        later = [
            rs.spec.effective_from for rs in self.active() if rs.spec.effective_from > rule_set.spec.effective_from
        ]
        return min(later) - timedelta(days=1) if later else None


def _origin(rs: PasserelleRuleSet) -> str:
    return rs.source.name if rs.source else rs.id


def _check_overlaps(sets: Sequence[PasserelleRuleSet]) -> None:
    """Within a family, active sets sorted by start must not share a start, and a set with an explicit
    ``effective_to`` must end before the next one starts (an open end is cut by its successor)."""
    active = [rs for rs in sets if rs.spec.status == "active"]
    for a, b in itertools.pairwise(active):
        if a.spec.family != b.spec.family:
            continue
        a_end = a.spec.effective_to
        if a.spec.effective_from == b.spec.effective_from or (a_end is not None and a_end >= b.spec.effective_from):
            raise RuleSetError(
                f"rule sets {_origin(a)} and {_origin(b)} of family {a.spec.family!r} overlap in time "
                f"({a.spec.effective_from}..{a_end or '…'} and {b.spec.effective_from}..{b.spec.effective_to or '…'})"
            )


def default_rule_set_dir() -> Path:
    """The folder of rule sets shipped with the package."""
    return Path(str(resources.files("regions") / "rulesets"))


def load_rule_sets(
    path: Path | str | None = None,
    *,
    family: str = "passerelle",
    geography: Geography | None = None,
    diagnostics: Diagnostics | None = None,
) -> RuleSetRegistry:
    """Load and validate every ``*.toml`` rule set in a folder.

    Args:
        path: the folder (the package's ``regions/rulesets`` by default) or a single file.
        family: the family the registry's :meth:`RuleSetRegistry.in_force` picks from.
        geography: for the regional rule (the package data by default).
        diagnostics: for the fast track (the package data by default).

    Returns:
        The registry.

    Raises:
        RuleSetError: an invalid file (named in the message), a duplicate id, or overlapping periods.
    """
    folder = Path(path) if path is not None else default_rule_set_dir()
    files = [folder] if folder.is_file() else sorted(folder.glob("*.toml"))
    if not files:
        raise RuleSetError(f"no rule set file (*.toml) in {folder}")
    geography = geography or load_geography()
    diagnostics = diagnostics or load_diagnostics()
    sets = [
        build_rule_set(parse_rule_set_file(f), geography=geography, diagnostics=diagnostics, source=f) for f in files
    ]
    return RuleSetRegistry(sets, family=family)
