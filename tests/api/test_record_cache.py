"""The process cache of ranked records: never staler than the change log, whatever the interleaving."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from api.db import record_cache
from api.db.record_cache import CachedRecord, RecordCache
from api.db.repository import ranked_candidate, record_change, records_with_links, use_session
from api.db.tables import CandidateOccupation, CandidateRow
from api.deps import AppServices
from tests.api.conftest import MakeUser, auth
from tests.api.payloads import candidate_body, vacancy_body


def _candidates(client: TestClient, make_user: MakeUser, n: int) -> list[tuple[int, str]]:
    made = []
    for i in range(n):
        _, token = make_user("candidate")
        body = candidate_body(name=f"Personne {i}", email=f"p{i}@example.org")
        made.append((client.post("/api/v1/candidates", json=body, headers=auth(token)).json()["id"], token))
    return made


def _shortlist(client: TestClient, token: str, vacancy: int) -> dict[int, dict[str, Any]]:
    response = client.get(f"/api/v1/vacancies/{vacancy}/shortlist?limit=50", headers=auth(token))
    assert response.status_code == 200, response.text
    return {e["candidate_id"]: e for e in response.json()["data"]}


def _read(services: AppServices, ids: list[int], cache: RecordCache | None) -> dict[int, CachedRecord]:
    with Session(services.engine) as session, use_session(session, cache):
        return records_with_links(session, CandidateRow, CandidateOccupation, "candidate_id", ids, ranked_candidate)


def _write_years(services: AppServices, candidate_id: int, years: float) -> None:
    """A write as the services do it: the record and its change-log row in one transaction."""
    with Session(services.engine) as session:
        row = session.get(CandidateRow, candidate_id)
        assert row is not None
        row.years_experience = years
        record_change(session, "candidates", candidate_id)
        session.commit()


def test_shortlists_fill_the_cache_and_see_every_edit_and_erasure(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    _, advisor = make_user("advisor", regions=["02"])
    _, employer = make_user("employer")
    vacancy = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    (first, first_token), (second, second_token), _ = _candidates(client, make_user, 3)
    before = _shortlist(client, advisor, vacancy)
    assert {first, second} <= set(before) and len(services.records) >= 3
    hits = services.records.hits
    again = _shortlist(client, advisor, vacancy)
    assert services.records.hits > hits, "a second shortlist reads its candidates from the cache"
    assert again.keys() == before.keys()

    edited = client.patch(f"/api/v1/candidates/{first}", json={"years_experience": 1}, headers=auth(first_token))
    assert edited.status_code == 200, edited.text
    after = _shortlist(client, advisor, vacancy)
    assert after[first]["candidate"]["years_experience"] == 1
    experience = after[first]["dimensions"]["experience"]["score"]
    assert experience < before[first]["dimensions"]["experience"]["score"]

    moved = client.patch(f"/api/v1/candidates/{second}", json={"regions_open": ["06"]}, headers=auth(second_token))
    assert moved.status_code == 200, moved.text
    assert _shortlist(client, advisor, vacancy)[second]["candidate"]["regions_open"] == ["06"]
    assert client.delete(f"/api/v1/candidates/{second}", headers=auth(second_token)).status_code == 204
    assert second not in _shortlist(client, advisor, vacancy), "an erased candidate is never shown from the cache"


def test_a_row_read_before_a_write_is_not_kept_after_its_eviction(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    (candidate, _), *_ = _candidates(client, make_user, 1)
    cache = RecordCache(100)
    with Session(services.engine) as session:
        watermark = cache.refresh(session)
        stale = records_with_links(
            session, CandidateRow, CandidateOccupation, "candidate_id", [candidate], ranked_candidate
        )
    _write_years(services, candidate, 42)
    with Session(services.engine) as other:  # another request of this process applies the change first
        assert cache.refresh(other) > watermark
    cache.put_many("candidate", stale, watermark)  # the slow request keeps what it read
    assert cache.get_many("candidate", [candidate]) == {}
    assert _read(services, [candidate], cache)[candidate].row.years_experience == 42


def test_a_long_backlog_empties_the_cache(
    client: TestClient, make_user: MakeUser, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = [c for c, _ in _candidates(client, make_user, 3)]
    cache = RecordCache(100)
    _read(services, made, cache)
    assert len(cache) == 3
    monkeypatch.setattr(record_cache, "_MAX_BACKLOG", 2)
    for c in made[:2]:
        _write_years(services, c, 3)
    _read(services, [], cache)
    assert len(cache) == 0


def test_the_cache_is_bounded_least_recently_used_first(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    made = [c for c, _ in _candidates(client, make_user, 4)]
    cache = RecordCache(3)
    _read(services, made[:3], cache)
    _read(services, made[:1], cache)  # the first is used again
    _read(services, made[3:], cache)
    assert set(cache.get_many("candidate", made)) == {made[0], made[2], made[3]}
    assert RecordCache(0).enabled is False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("write"), st.integers(0, 3), st.integers(0, 40)),
            st.tuples(st.just("read"), st.sets(st.integers(0, 3), min_size=1), st.just(0)),
            st.tuples(st.just("stale_put"), st.integers(0, 3), st.integers(0, 40)),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_cached_reads_always_equal_the_database(
    client: TestClient, make_user: MakeUser, services: AppServices, steps: list[tuple[str, Any, int]]
) -> None:
    """Any sequence of writes, reads and late puts of rows read before a write: a cached read is the database's."""
    ids = getattr(services, "_cache_test_ids", None)
    if ids is None:
        ids = [c for c, _ in _candidates(client, make_user, 4)]
        services._cache_test_ids = ids  # type: ignore[attr-defined]
    cache = RecordCache(100)
    for kind, which, years in steps:
        if kind == "write":
            _write_years(services, ids[which], float(years))
        elif kind == "stale_put":  # a request read the row, then a write committed and was applied elsewhere
            with Session(services.engine) as session:
                watermark = cache.refresh(session)
                read = records_with_links(
                    session, CandidateRow, CandidateOccupation, "candidate_id", [ids[which]], ranked_candidate
                )
            _write_years(services, ids[which], float(years))
            with Session(services.engine) as session:
                cache.refresh(session)
            cache.put_many("candidate", read, watermark)
        else:
            wanted = [ids[i] for i in sorted(which)]
            cached = _read(services, wanted, cache)
            truth = _read(services, wanted, None)
            assert {i: e.row for i, e in cached.items()} == {i: e.row for i, e in truth.items()}
            assert {i: e.record for i, e in cached.items()} == {i: e.record for i, e in truth.items()}
