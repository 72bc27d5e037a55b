"""The CNP/NOC 2021 taxonomy: 516 bilingual unit groups, their hierarchy, the NOC 2016 concordance.

NOC 2021 codes nest by prefix: 1 digit broad category, 2 digits major group, 3 sub-major group, 4 minor
group, 5 unit group; the second digit is the TEER category. :class:`Taxonomy` implements
:class:`matching.ports.OccupationSimilarity` consistently with :class:`matching.scoring.PrefixSimilarity`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from matching.errors import InvalidInputError, UnknownOccupationError
from matching.scoring import PrefixSimilarity, shared_prefix
from occupations._data import read_rows
from occupations.outlook import Outlook, load_outlooks

LEVELS = ("broad_category", "major_group", "sub_major_group", "minor_group", "unit_group")


@dataclass(frozen=True, slots=True)
class Group:
    """A node of the hierarchy above the unit groups (English only: NOC has no French titles there)."""

    level: str
    code: str
    title_en: str
    definition_en: str


@dataclass(frozen=True, slots=True)
class UnitGroup:
    """One of the 516 unit groups, with what ESDC publishes about it."""

    code: str
    title_en: str
    title_fr: str
    teer: int
    broad_category: str
    major_group: str
    sub_major_group: str
    minor_group: str
    lead_statement: str = ""
    main_duties: tuple[str, ...] = ()
    employment_requirements: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()

    def title(self, language: str = "fr") -> str:
        """The French title for ``"fr"``, the English one otherwise."""
        return self.title_fr if language == "fr" else self.title_en


def _split(value: str) -> tuple[str, ...]:
    # Items are separated by " | ", but some profiles also hold newline-joined blocks repeating them.
    parts = (p.strip() for chunk in value.split(" | ") for p in chunk.split("\n"))
    return tuple(dict.fromkeys(p for p in parts if p))


def _pad(code: str, width: int) -> str:
    clean = code.strip()
    return clean.zfill(width) if clean.isdigit() and len(clean) < width else clean


class Taxonomy:
    """Look-ups over the NOC 2021 unit groups. Load the packaged one with :func:`load_taxonomy`.

    Args:
        units: the unit groups.
        groups: the upper levels of the hierarchy, keyed by code.
        concordance: NOC 2016 code (4 digits) -> NOC 2021 codes.
        outlooks: national COPS 2024–2033 outlook per code.
    """

    def __init__(
        self,
        units: Sequence[UnitGroup],
        groups: Mapping[str, Group],
        concordance: Mapping[str, Sequence[str]],
        outlooks: Mapping[str, Outlook],
    ) -> None:
        self._units = {u.code: u for u in units}
        self._groups = dict(groups)
        self._concordance = {k: tuple(v) for k, v in concordance.items()}
        self._outlooks = dict(outlooks)
        self._prefix = PrefixSimilarity()

    def __len__(self) -> int:
        return len(self._units)

    def __iter__(self) -> Iterator[UnitGroup]:
        return iter(self._units.values())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and _pad(code, 5) in self._units

    def __getitem__(self, code: str) -> UnitGroup:
        return self._units[self.validate(code)]

    @property
    def codes(self) -> list[str]:
        """The 516 unit-group codes, sorted."""
        return sorted(self._units)

    def validate(self, code: str) -> str:
        """The canonical 5-digit code for a code typed by a user.

        Args:
            code: e.g. ``" 72106"`` or ``"10"`` (leading zeros lost by a spreadsheet -> ``"00010"``).

        Returns:
            The 5-character code.

        Raises:
            UnknownOccupationError: ``code`` is not one of the 516 unit groups.
        """
        clean = _pad(code, 5) if isinstance(code, str) else ""
        if clean not in self._units:
            raise UnknownOccupationError(str(code))
        return clean

    def get(self, code: str) -> UnitGroup | None:
        """The unit group for ``code`` (normalised as in :meth:`validate`), or None."""
        return self._units.get(_pad(code, 5))

    def group(self, code: str) -> Group:
        """A node above the unit groups by code (1 to 4 digits); ``KeyError`` when unknown."""
        return self._groups[code]

    def ancestors(self, code: str) -> list[Group]:
        """Broad category, major, sub-major and minor group of a unit group, top first.

        Args:
            code: a unit-group code.

        Returns:
            Four groups.
        """
        unit = self[code]
        keys = (unit.broad_category, unit.major_group, unit.sub_major_group, unit.minor_group)
        return [self._groups[k] for k in keys]

    def children(self, prefix: str) -> list[UnitGroup]:
        """Unit groups whose code starts with ``prefix`` (e.g. ``"721"``), sorted by code."""
        return [self._units[c] for c in sorted(self._units) if c.startswith(prefix)]

    def from_noc2016(self, code: str) -> list[str]:
        """NOC 2021 unit groups that a NOC 2016 v1.3 unit group became (one or several after splits).

        Args:
            code: a 4-digit NOC 2016 code; leading zeros may be missing (``"11"`` is ``"0011"``).

        Returns:
            The NOC 2021 codes in the order of the official concordance.

        Raises:
            InvalidInputError: the code is not a NOC 2016 unit group.
        """
        clean = _pad(code, 4)
        if clean not in self._concordance:
            raise InvalidInputError(f"unknown NOC 2016 code {code!r}: expected a four-digit unit group")
        return list(self._concordance[clean])

    def outlook(self, code: str) -> Outlook | None:
        """The national COPS 2024–2033 outlook of a unit group, when published."""
        return self._outlooks.get(self.validate(code))

    def similarity(self, a: str, b: str) -> float:
        """1.0 for the same unit group, 0.8 same minor, 0.6 same sub-major, 0.4 same major, 0.2 same broad.

        Args:
            a: a unit-group code.
            b: another one.

        Returns:
            The similarity of :class:`matching.scoring.PrefixSimilarity` on the normalised codes.
        """
        return self._prefix.similarity(_pad(a, 5), _pad(b, 5))

    def shared_level(self, a: str, b: str) -> str | None:
        """Name of the deepest level two codes share (``"unit_group"``...), or None."""
        depth = shared_prefix(_pad(a, 5), _pad(b, 5))
        return LEVELS[depth - 1] if depth else None

    def teer_gap(self, a: str, b: str) -> int:
        """Distance between the TEER categories of two unit groups (0..5; 5 for an unknown code)."""
        ua, ub = self.get(a), self.get(b)
        if ua is None or ub is None:
            return 5
        return abs(ua.teer - ub.teer)


def _profiles() -> dict[str, dict[str, str]]:
    return {row["noc_code"]: row for row in read_rows("profiles_en.csv.gz")}


def _units() -> list[UnitGroup]:
    profiles = _profiles()
    units = []
    for row in read_rows("unit_groups.csv"):
        profile = profiles.get(row["code"], {})
        units.append(
            UnitGroup(
                code=row["code"],
                title_en=row["title_en"],
                title_fr=row["title_fr"],
                teer=int(row["teer"]),
                broad_category=row["broad_category"],
                major_group=row["major_group"],
                sub_major_group=row["sub_major_group"],
                minor_group=row["minor_group"],
                lead_statement=profile.get("description", ""),
                main_duties=_split(profile.get("main_duties", "")),
                employment_requirements=_split(profile.get("employment_requirements", "")),
                exclusions=_split(profile.get("exclusions", "")),
            )
        )
    return units


def _groups() -> dict[str, Group]:
    names = dict(zip(("1", "2", "3", "4"), LEVELS[:4], strict=True))
    return {
        row["code"]: Group(names[row["level"]], row["code"], row["title_en"], row["definition_en"])
        for row in read_rows("structure_en.csv")
        if row["level"] in names
    }


def _concordance() -> dict[str, list[str]]:
    table: dict[str, list[str]] = defaultdict(list)
    for row in read_rows("noc2016_to_noc2021.csv"):
        old, new = _pad(row["NOC 2016 V1.3 Code"], 4), _pad(row["NOC 2021 V1.0 Code"], 5)
        if new not in table[old]:
            table[old].append(new)
    return dict(table)


@cache
def load_taxonomy() -> Taxonomy:
    """The packaged NOC 2021 taxonomy, read once per process (about 0.1 s).

    Returns:
        The shared :class:`Taxonomy`.
    """
    return Taxonomy(_units(), _groups(), _concordance(), load_outlooks())
