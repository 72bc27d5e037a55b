"""Rule sets as data: dated, versioned TOML files validated on load, and the registry that picks one by date.

A file in ``regions/rulesets/`` describes one set: its period, the sources it encodes (URL and date each),
the lists it uses (CSV data files, see ``regions.rules_lists``) and, in ``[rules.<name>]`` tables, the rules it
runs with their parameters. Rule names come from ``regions.rules_registry`` (built-in or plugged in), so a new
rule is a new module and a table in a file, never an edit here. Several sets coexist: past years, the one in
force, drafts. Within a family, the effective periods of non-draft sets must not overlap; a set without
``effective_to`` stays in force until the next active set of its family starts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from matching.errors import RuleSetError
from matching.ports import PriorityRule
from regions.diagnostics import Diagnostics, load_diagnostics
from regions.geography import Geography, load_geography
from regions.rules_lists import RuleList, load_list
from regions.rules_registry import RuleContext, Source, rule_entry
from regions.rulesets_file import RuleSetFile, SourceSpec, parse_rule_set_file

__all__ = [
    "PasserelleRuleSet",
    "RuleSetFile",
    "RuleSetRegistry",
    "SourceSpec",
    "build_rule_set",
    "default_rule_set_dir",
    "load_rule_sets",
    "parse_rule_set_file",
]


@dataclass(frozen=True)
class PasserelleRuleSet:
    """A loaded rule set: implements ``matching.ports.RuleSet`` (``id``, ``rules``, ``max_total_boost``).

    Attributes:
        spec: the validated file content (dates, version, sources, lists, rule parameters).
        rules: the rule objects built from it, in application order.
        source: the file it came from (None when built in memory).
        lists: the lists it uses, as loaded (package file or an administrator's replacement).
    """

    spec: RuleSetFile
    rules: Sequence[PriorityRule]
    source: Path | None = None
    zeroed: bool = False
    geography: Geography | None = field(default=None, repr=False)
    diagnostics: Diagnostics | None = field(default=None, repr=False)
    lists: Mapping[str, RuleList] = field(default_factory=dict, repr=False)
    lists_dir: Path | None = None

    @property
    def id(self) -> str:
        return f"{self.spec.id}+zero" if self.zeroed else self.spec.id

    @property
    def max_total_boost(self) -> float:
        return self.spec.max_total_boost

    @property
    def rule_names(self) -> list[str]:
        """Names of the rules the set runs, in order."""
        return [rule.name for rule in self.rules]

    def with_zero_weights(self) -> PasserelleRuleSet:
        """The same rules with every boost at 0 (same flags and reasons): the no-rules baseline, id "+zero"."""
        return build_rule_set(
            self.spec,
            geography=self.geography,
            diagnostics=self.diagnostics,
            source=self.source,
            zero_weights=True,
            lists_dir=self.lists_dir,
        )


def build_rule_set(
    spec: RuleSetFile,
    *,
    geography: Geography | None = None,
    diagnostics: Diagnostics | None = None,
    source: Path | None = None,
    zero_weights: bool = False,
    lists_dir: Path | None = None,
) -> PasserelleRuleSet:
    """Turn a validated file into rule objects, through the rule registry.

    Args:
        spec: the validated content.
        geography: for rules about places (the package data by default).
        diagnostics: for the fast track (the package data by default).
        source: the file it came from.
        zero_weights: build the same rules with every weight at 0 (same flags and reasons, no re-ordering):
            the baseline for impact comparisons. Its id gets the suffix "+zero".
        lists_dir: the folder of administrators' list replacements (None: the package's lists only).

    Returns:
        The rule set; disabled rules are left out.

    Raises:
        RuleSetError: an unknown rule, an invalid parameter, an unreadable or invalid list, an unknown source.
    """
    geography = geography or load_geography()
    diagnostics = diagnostics or load_diagnostics()
    lists = {name: load_list(name, list_spec, lists_dir) for name, list_spec in spec.lists.items()}
    sources = {i: Source(i, s.title, s.url, s.date, s.kind) for i, s in spec.sources.items()}
    context = RuleContext(spec.id, geography, diagnostics, lists, sources, spec.effective_from)
    rules: list[PriorityRule] = []
    for name, config in spec.rule_configs().items():
        if not config.enabled:
            continue
        try:
            rules.append(rule_entry(name).build(config.zeroed() if zero_weights else config, context))
        except ValueError as e:
            raise RuleSetError(f"rule {name!r}: {e}") from e
    return PasserelleRuleSet(spec, tuple(rules), source, zero_weights, geography, diagnostics, lists, lists_dir)


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
    lists_dir: Path | None = None,
) -> RuleSetRegistry:
    """Load and validate every ``*.toml`` rule set in a folder.

    Args:
        path: the folder (the package's ``regions/rulesets`` by default) or a single file.
        family: the family the registry's :meth:`RuleSetRegistry.in_force` picks from.
        geography: for the regional rule (the package data by default).
        diagnostics: for the fast track (the package data by default).
        lists_dir: the folder of administrators' list replacements (see ``regions.rules_lists``).

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
    sets = []
    for f in files:
        try:
            built = build_rule_set(
                parse_rule_set_file(f), geography=geography, diagnostics=diagnostics, source=f, lists_dir=lists_dir
            )
        except RuleSetError as e:
            raise RuleSetError(str(e) if str(e).startswith(f.name) else f"{f.name}: {e}") from e
        sets.append(built)
    return RuleSetRegistry(sets, family=family)
