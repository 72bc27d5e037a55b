"""The rule registry: a priority rule is one module (config model + rule + reasons) registered by name.

A rule-set file names the rules it uses in ``[rules.<name>]`` tables; each table is validated by the config
model registered under that name and the rule is built with it::

    @register_rule("my_rule")
    class MyRule:
        Config = MyRuleConfig                 # a RuleConfig subclass (its fields are the TOML keys)
        name = "my_rule"
        def __init__(self, config: MyRuleConfig, context: RuleContext) -> None: ...
        def contribute(self, pair: PairContext) -> RuleContribution: ...   # applied or a why-not record

Rules outside this package plug in without touching it: import a module that calls :func:`register_rule`
before loading the rule sets, or declare it under the ``passerelle.rules`` entry-point group (loaded on the
first lookup of an unknown name).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any, ClassVar, Protocol, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from matching.errors import RuleSetError
from matching.models import RuleContribution
from matching.ports import PriorityRule
from regions.diagnostics import Diagnostics
from regions.geography import Geography
from regions.rules_lists import RuleList

MAX_RULE_BOOST = 0.5
ENTRY_POINT_GROUP = "passerelle.rules"
_BUILTIN_MODULES = (
    "regions.rules_regional",
    "regions.rules_fast_track",
    "regions.rules_simplified_lmia",
    "regions.rules_lmia_freeze",
)


class RuleConfig(BaseModel):
    """Base of every rule's config model: one ``[rules.<name>]`` table of a rule-set file.

    Subclasses list in ``weight_fields`` the fields that are score deltas: the zero-weight twin of a set
    (``rules impact``'s baseline) sets them to 0 and keeps every flag and reason.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    weight_fields: ClassVar[tuple[str, ...]] = ()

    enabled: bool = Field(True, description="Whether the rule runs at all.")
    sources: tuple[str, ...] = Field((), description="Ids of the set's [sources] this rule encodes (cited).")

    def zeroed(self) -> Self:
        """The same config with every weight field at 0."""
        return self.model_copy(update=dict.fromkeys(self.weight_fields, 0.0))


@dataclass(frozen=True)
class Source:
    """Where a list or a threshold comes from: cited in the reasons."""

    id: str
    title: str
    url: str
    date: str
    kind: str = ""

    def cite(self) -> str:
        """``url (date)``, as reasons and the API show it."""
        return f"{self.url} ({self.date})"


@dataclass(frozen=True)
class RuleContext:
    """What a rule may use besides its config: reference data, the set's lists and sources, its id."""

    rule_set_id: str
    geography: Geography
    diagnostics: Diagnostics
    lists: Mapping[str, RuleList] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    starts: date | None = None

    def list(self, name: str, rule: str) -> RuleList:
        """A list the set declares ([lists.<name>]); RuleSetError naming the rule otherwise."""
        if name not in self.lists:
            known = ", ".join(sorted(self.lists)) or "none"
            raise RuleSetError(f"rule {rule!r} uses list {name!r}, not declared in [lists] (declared: {known})")
        return self.lists[name]

    def cite(self, ids: tuple[str, ...], rule: str) -> tuple[Source, ...]:
        """The sources with these ids; RuleSetError naming the rule for an unknown id."""
        missing = [i for i in ids if i not in self.sources]
        if missing:
            raise RuleSetError(f"rule {rule!r} cites unknown source(s) {missing}; declare them in [sources]")
        return tuple(self.sources[i] for i in ids)


class RuleClass(Protocol):
    """What :func:`register_rule` accepts: a class with a ``Config`` model, built from (config, context)."""

    Config: type[RuleConfig]

    def __call__(self, config: Any, context: RuleContext) -> PriorityRule: ...


@dataclass(frozen=True)
class RuleEntry:
    """A registered rule: its name, config model and constructor. ``reveals_status``: the rule reads the
    candidate's immigration status, so whether it applied, its reasons and its flags tell that status."""

    name: str
    config_model: type[RuleConfig]
    build: Callable[[Any, RuleContext], PriorityRule]
    reveals_status: bool = False


_REGISTRY: dict[str, RuleEntry] = {}
_LOCK = threading.Lock()
_loaded = {"builtins": False, "plugins": False}
R = TypeVar("R")


def register_rule(name: str, *, replace: bool = False, reveals_status: bool = False) -> Callable[[R], R]:
    """Class decorator: register a rule under ``name`` (its ``Config`` attribute is its config model).

    Args:
        name: the table name in rule-set files (``[rules.<name>]``).
        replace: allow replacing an already registered rule of that name (tests, overrides).
        reveals_status: the rule reads the candidate's immigration status (see :func:`status_revealing_rules`).

    Raises:
        RuleSetError: the name is taken (and ``replace`` is False) or the class has no ``Config`` model.
    """

    def decorate(cls: R) -> R:
        config = getattr(cls, "Config", None)
        if not (isinstance(config, type) and issubclass(config, RuleConfig)):
            raise RuleSetError(f"rule {name!r}: {cls!r} needs a 'Config' attribute, a RuleConfig subclass")
        with _LOCK:
            if name in _REGISTRY and not replace and _REGISTRY[name].build is not cls:
                raise RuleSetError(f"a rule named {name!r} is already registered ({_REGISTRY[name].build!r})")
            _REGISTRY[name] = RuleEntry(name, config, cls, reveals_status)  # type: ignore[arg-type]
        return cls

    return decorate


def unregister_rule(name: str) -> None:
    """Forget a registered rule (tests)."""
    with _LOCK:
        _REGISTRY.pop(name, None)


def _load_builtins() -> None:
    if not _loaded["builtins"]:
        _loaded["builtins"] = True
        for module in _BUILTIN_MODULES:
            import_module(module)


def _load_plugins() -> None:
    if not _loaded["plugins"]:
        _loaded["plugins"] = True
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            ep.load()  # the module registers its rules on import


def rule_entry(name: str) -> RuleEntry:
    """The rule registered under ``name`` (built-ins, then ``passerelle.rules`` entry points).

    Raises:
        RuleSetError: no rule of that name; the message lists the known ones.
    """
    _load_builtins()
    if name not in _REGISTRY:
        _load_plugins()
    if name not in _REGISTRY:
        raise RuleSetError(f"unknown rule {name!r}; registered rules: {', '.join(registered_rules())}")
    return _REGISTRY[name]


def registered_rules() -> list[str]:
    """Names of the registered rules, sorted."""
    _load_builtins()
    return sorted(_REGISTRY)


def status_revealing_rules() -> frozenset[str]:
    """Names of the registered rules that read the candidate's immigration status: their records must not reach
    someone who may not know it (employers: Québec Charter, ss. 10 and 16)."""
    _load_builtins()
    return frozenset(name for name, entry in _REGISTRY.items() if entry.reveals_status)


@dataclass(frozen=True)
class Reason:
    """One reason of a rule in French, English and Spanish (``str.format`` templates)."""

    fr: str
    en: str
    es: str

    def make(
        self,
        rule: str,
        *,
        applied: bool,
        delta: float = 0.0,
        flags: frozenset[str] = frozenset(),
        sources: tuple[Source, ...] = (),
        values: Mapping[str, object] | None = None,
        **more: object,
    ) -> RuleContribution:
        """The contribution (or why-not record) with this reason filled in; sources are cited at the end.

        ``values`` and ``more`` fill the templates' fields (``{delta}`` is always available).
        """
        values = {**(values or {}), **more}
        sources = tuple(dict.fromkeys(sources))  # each source once, in order
        cite = "; ".join(s.cite() for s in sources)
        tail = (f" (source : {cite})", f" (source: {cite})", f" (fuente: {cite})") if cite else ("", "", "")
        fr, en, es = (
            t.format(delta=delta, **values) + end for t, end in zip((self.fr, self.en, self.es), tail, strict=True)
        )
        return RuleContribution(
            rule=rule,
            delta=delta,
            reason_fr=fr,
            reason_en=en,
            reason_es=es,
            flags=flags,
            applied=applied,
            sources=tuple(s.cite() for s in sources),
        )
