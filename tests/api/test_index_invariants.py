"""Invariants: domain ↔ row conversion round-trips; any sequence of writes leaves the index equal to the database."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.db.repository import candidate_to_domain
from api.db.tables import CandidateOccupation, CandidateRow
from api.deps import AppServices
from matching.models import CandidateStatus, EducationLevel, FrenchLevel
from tests.api.conftest import MakeUser, auth
from tests.api.payloads import candidate_body, vacancy_body

REGIONS = [f"{i:02d}" for i in range(1, 18)]


@given(
    text=st.text(max_size=50),
    years=st.floats(0, 60, allow_nan=False),
    education=st.sampled_from(list(EducationLevel)),
    french=st.sampled_from(list(FrenchLevel)),
    regions=st.sets(st.sampled_from(REGIONS), max_size=5),
    status=st.sampled_from(list(CandidateStatus)),
    codes=st.lists(st.sampled_from(["72106", "31301", "85100", "00010"]), unique=True, max_size=3),
    available=st.none() | st.dates(date(2025, 1, 1), date(2030, 1, 1)),
)
def test_candidate_row_to_domain_keeps_every_field(
    text: str,
    years: float,
    education: EducationLevel,
    french: FrenchLevel,
    regions: set[str],
    status: CandidateStatus,
    codes: list[str],
    available: date | None,
) -> None:
    row = CandidateRow(
        id=7,
        user_id=1,
        name="n",
        email="e@x.org",
        text=text,
        years_experience=years,
        education=education.name,
        french=french.name,
        regions_open=",".join(sorted(regions)),
        status=status.value,
        available_from=available,
    )
    links = [CandidateOccupation(candidate_id=7, code=c, position=i, confidence=0.5) for i, c in enumerate(codes)]
    candidate = candidate_to_domain(row, reversed(links))
    assert (candidate.id, candidate.text, candidate.years_experience) == (7, text, years)
    assert (candidate.education, candidate.french, candidate.status) == (education, french, status)
    assert candidate.regions_open == frozenset(regions)
    assert [o.code for o in candidate.occupations] == codes
    assert candidate.available_from == available


OPS = st.lists(
    st.tuples(st.sampled_from(["create", "text", "clear", "delete", "post", "close"]), st.integers(0, 5)),
    min_size=1,
    max_size=12,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_of_writes_leaves_index_and_database_equal(
    ops: list[tuple[str, int]], client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    candidates: list[tuple[str, int]] = []
    vacancies: list[int] = []
    _, employer = make_user("employer")
    for op, n in ops:
        if op == "create":
            _, token = make_user("candidate")
            body = candidate_body(text=f"Soudeur {n}", occupation_codes=None if n % 2 else ["72106"])
            candidates.append((token, client.post("/api/v1/candidates", json=body, headers=auth(token)).json()["id"]))
        elif op == "post":
            vacancies.append(client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"])
        elif op == "close" and vacancies:
            client.post(f"/api/v1/vacancies/{vacancies[n % len(vacancies)]}/close", headers=auth(employer))
        elif candidates:
            token, cid = candidates[n % len(candidates)]
            path = f"/api/v1/candidates/{cid}"
            if op == "text":
                client.patch(path, json={"text": f"Infirmière {n}"}, headers=auth(token))
            elif op == "clear":
                client.patch(path, json={"text": ""}, headers=auth(token))
            else:
                client.delete(path, headers=auth(token))
                candidates.remove((token, cid))
    for side in ("candidates", "vacancies"):
        status = services.sync.status(side)  # type: ignore[arg-type]
        assert status.in_sync, status
