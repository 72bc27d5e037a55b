"""Rule-set files: the shipped sets, choice by date, and validation errors naming the file and field."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from matching.errors import RuleSetError
from matching.ports import RuleSet, RuleSetProvider
from regions import (
    Diagnostic,
    FastTrack,
    LmiaFreeze,
    RegionalPriority,
    RuleSetRegistry,
    SimplifiedLmia,
    load_rule_sets,
)
from regions.rulesets import default_rule_set_dir

VALID = """
id = "{id}"
version = "1"
status = "{status}"
effective_from = {start}
effective_to = {end}
description = "test set"
max_total_boost = 0.08

[rules.regional_priority]
boundary = "cmm"
boost_named_region = 0.05

[rules.fast_track]
urgent_diagnostics = ["Déficit"]
boost = 0.05
"""


def write(folder: Path, name: str, **fields: str) -> Path:
    values = {"id": name, "status": "active", "start": "2026-01-01", "end": "2026-12-31", **fields}
    path = folder / f"{name}.toml"
    path.write_text(VALID.format(**values), encoding="utf-8")
    return path


def test_shipped_sets(registry: RuleSetRegistry) -> None:
    assert isinstance(registry, RuleSetProvider)
    current = registry.in_force(date(2026, 6, 1))
    assert isinstance(current, RuleSet)
    assert current.id == "passerelle-2026"
    assert current.spec.effective_from == date(2026, 1, 1) and current.spec.effective_to is None
    assert current.spec.rules["regional_priority"]["boundary"] == "montreal_laval"  # PSTQ 2026: hors Montréal et Laval
    assert registry.get("passerelle-2025").spec.rules["regional_priority"]["boundary"] == "cmm"  # 2025: hors CMM
    assert current.spec.rules["fast_track"]["urgent_diagnostics"] == ["Déficit"]
    assert [type(r) for r in current.rules] == [RegionalPriority, FastTrack, SimplifiedLmia, LmiaFreeze]
    assert 0 < current.max_total_boost <= 0.5
    assert [rs.id for rs in registry.list()] == ["passerelle-2025", "passerelle-2026", "passerelle-2027-draft"]
    assert registry.in_force(date(2025, 6, 1)).id == "passerelle-2025"


def test_draft_coexists_but_is_never_in_force(registry: RuleSetRegistry) -> None:
    draft = registry.get("passerelle-2027-draft")
    assert draft.spec.status == "draft" and "Léger déficit" in draft.spec.rules["fast_track"]["urgent_diagnostics"]
    # The 2026 set stays in force after 2026 until an active successor exists: no outage on January 1st.
    assert registry.in_force(date(2027, 3, 1)).id == "passerelle-2026"
    assert registry.effective_until(registry.get("passerelle-2026")) is None
    with pytest.raises(RuleSetError, match="2024-12-31"):
        registry.in_force(date(2024, 12, 31))


def test_activating_the_2027_draft_ends_2026_without_editing_it(tmp_path: Path) -> None:
    for path in default_rule_set_dir().glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    draft = tmp_path / "passerelle-2027-draft.toml"
    draft.write_text(draft.read_text(encoding="utf-8").replace('status = "draft"', 'status = "active"'), "utf-8")
    registry = load_rule_sets(tmp_path)
    assert registry.in_force(date(2026, 12, 31)).id == "passerelle-2026"
    assert registry.in_force(date(2027, 1, 1)).id == "passerelle-2027-draft"
    assert registry.effective_until(registry.get("passerelle-2026")) == date(2026, 12, 31)
    with pytest.raises(RuleSetError, match="2028-01-01"):
        registry.in_force(date(2028, 1, 1))  # the 2027 set has an explicit end


def test_open_ended_sets_are_cut_by_their_successor(tmp_path: Path) -> None:
    for name, start in (("p-2025", "2025-01-01"), ("p-2026", "2026-03-15")):
        path = write(tmp_path, name, start=start)
        path.write_text(path.read_text(encoding="utf-8").replace("effective_to = 2026-12-31\n", ""), "utf-8")
    registry = load_rule_sets(tmp_path)
    assert registry.in_force(date(2026, 3, 14)).id == "p-2025"
    assert registry.in_force(date(2026, 3, 15)).id == "p-2026"
    assert registry.in_force(date(2031, 1, 1)).id == "p-2026"
    assert registry.effective_until(registry.get("p-2025")) == date(2026, 3, 14)


def test_two_sets_starting_the_same_day_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a", end="2026-06-30")
    write(tmp_path, "b")
    with pytest.raises(RuleSetError, match="overlap"):
        load_rule_sets(tmp_path)


def test_unknown_id_lists_the_known_ones(registry: RuleSetRegistry) -> None:
    with pytest.raises(RuleSetError, match="passerelle-2026"):
        registry.get("passerelle-1999")


def test_zero_weight_twin_keeps_flags_and_id_suffix(registry: RuleSetRegistry) -> None:
    zero = registry.get("passerelle-2026").with_zero_weights()
    assert zero.id == "passerelle-2026+zero"
    assert zero.rule_names == registry.get("passerelle-2026").rule_names


def test_facts_for_the_api(registry: RuleSetRegistry) -> None:
    from matching.rules import rule_facts
    from tests.factories import make_vacancy

    current = registry.get("passerelle-2026")
    on = date(2026, 6, 1)
    assert rule_facts(current, make_vacancy(occupation="72106"), on)["fast_track"] is True
    assert rule_facts(current, make_vacancy(occupation="10021"), on)["fast_track"] is False


def test_history_in_one_folder(tmp_path: Path) -> None:
    write(tmp_path, "p-2025", start="2025-01-01", end="2025-12-31")
    write(tmp_path, "p-2026")
    write(tmp_path, "p-2027-draft", status="draft", start="2026-06-01", end="2027-12-31")
    registry = load_rule_sets(tmp_path)
    assert registry.in_force(date(2025, 7, 1)).id == "p-2025"
    assert registry.in_force(date(2026, 7, 1)).id == "p-2026"


def test_overlapping_periods_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a")
    write(tmp_path, "b", start="2026-12-31", end="2027-12-31")
    with pytest.raises(RuleSetError, match=r"a\.toml and b\.toml .*overlap"):
        load_rule_sets(tmp_path)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a")
    (tmp_path / "copy.toml").write_text((tmp_path / "a.toml").read_text().replace("2026", "2030"))
    with pytest.raises(RuleSetError, match="defined twice"):
        load_rule_sets(tmp_path)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('boundary = "cmm"', 'boundary = "rmm"', "rules.regional_priority.boundary"),
        ('["Déficit"]', '["Deficit"]', "rules.fast_track.urgent_diagnostics"),
        ('["Déficit"]', "[]", "rules.fast_track.urgent_diagnostics"),
        ('["Déficit"]', '["Déficit", "Équilibre"]', "rules.fast_track.urgent_diagnostics"),
        ('["Déficit"]', '["Léger déficit"]', "rules.fast_track.urgent_diagnostics"),
        ('["Déficit"]', '["Déficit", "Déficit"]', "rules.fast_track.urgent_diagnostics"),
        ("max_total_boost = 0.08", "max_total_boost = 0", "max_total_boost"),
        ("boost = 0.05\n", "boost = 0.9\n", "rules.fast_track.boost"),
        ("boost_named_region = 0.05", "boost_named_region = -0.1", "rules.regional_priority.boost_named_region"),
        ("boost_named_region = 0.05", "weight = 2", "rules.regional_priority.weight"),
        ('version = "1"', "", "version"),
        ("effective_to = 2026-12-31", "effective_to = 2025-12-31", "(file)"),
        ('id = "bad"', 'id = "Bad Id"', "id"),
    ],
)
def test_invalid_files_name_the_file_and_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    path = write(tmp_path, "bad")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_rule_sets(tmp_path)
    message = str(caught.value)
    assert message.startswith("bad.toml: invalid rule set")
    assert f"field '{field}" in message


def test_unreadable_toml_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="no rule set file"):
        load_rule_sets(tmp_path)
    (tmp_path / "broken.toml").write_text("id = ", encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"broken\.toml: cannot read"):
        load_rule_sets(tmp_path)


def test_every_shipped_file_loads_alone() -> None:
    for path in sorted(default_rule_set_dir().glob("*.toml")):
        assert load_rule_sets(path).get(path.stem).source == path


def test_a_diagnostic_typed_with_a_combining_accent_is_recognised(tmp_path: Path) -> None:
    path = write(tmp_path, "nfd")
    decomposed = unicodedata.normalize("NFD", "Déficit")
    assert decomposed != "Déficit"
    path.write_text(path.read_text(encoding="utf-8").replace("Déficit", decomposed), encoding="utf-8")
    configs = load_rule_sets(tmp_path).get("nfd").spec.rule_configs()
    assert configs["fast_track"].urgent_diagnostics == {Diagnostic.DEFICIT}  # type: ignore[attr-defined]


def test_a_non_shortage_diagnostic_is_refused_with_the_allowed_lists(tmp_path: Path) -> None:
    path = write(tmp_path, "bad")
    path.write_text(path.read_text(encoding="utf-8").replace('["Déficit"]', '["Équilibre"]'), encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"expected \['Déficit'\] or \['Déficit', 'Léger déficit'\]"):
        load_rule_sets(tmp_path)
