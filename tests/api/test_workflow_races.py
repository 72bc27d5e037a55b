"""Who may act on a candidate, and answers that race: on a real server (real threads, a real SQLite file and a
real PostgreSQL).

- an advisor reviews, annotates and invites only candidates it may read (open to one of its regions);
- an employer invites only candidates a shortlist of that vacancy showed, and every id it may not see gets
  the same 404 as an id that does not exist;
- of concurrent answers to one invitation exactly one wins; a later answer gets 409 and never overwrites it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from api.db.workflow_tables import AuditEvent, Invitation
from tests.api.live import Live, run_at_once, started_live
from tests.api.payloads import candidate_body, vacancy_body
from tests.api.workflow_world import DATABASES


@pytest.fixture(scope="module", params=DATABASES)
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with started_live(request, tmp_path_factory) as server:
        yield server


def _ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def _candidate(live: Live, **fields: Any) -> tuple[int, httpx.Client]:
    _, token = live.make_user("candidate")
    http = live.client(token)
    return int(_ok(http.post("/api/v1/candidates", json=candidate_body(**fields)))["id"]), http


def _shown(http: httpx.Client, vacancy: int) -> set[int]:
    data = _ok(http.get(f"/api/v1/vacancies/{vacancy}/shortlist", params={"limit": 200}))["data"]
    return {e["candidate_id"] for e in data}


def _invite(http: httpx.Client, vacancy: int, candidate: int) -> httpx.Response:
    return http.post("/api/v1/invitations", json={"vacancy_id": vacancy, "candidate_id": candidate})


def _same_404(responses: dict[int, httpx.Response]) -> None:
    """Every answer is a 404 with the same body, up to the id the caller sent."""
    shapes = set()
    for asked, response in responses.items():
        assert response.status_code == 404, (asked, response.text)
        shapes.add(response.text.replace(str(asked), "{id}"))
    assert len(shapes) == 1, shapes


def test_advisor_acts_only_on_candidates_it_may_read(live: Live) -> None:
    _, employer_token = live.make_user("employer")
    employer = live.client(employer_token)
    vacancy = int(_ok(employer.post("/api/v1/vacancies", json=vacancy_body()))["id"])  # Saguenay, region 02
    readable, _ = _candidate(live, regions_open=["02"])
    elsewhere, _ = _candidate(live, regions_open=["11"])
    _, advisor_token = live.make_user("advisor", regions=["02"])
    advisor = live.client(advisor_token)
    assert {readable, elsewhere} <= _shown(advisor, vacancy)  # the shortlist ranks both
    assert advisor.get(f"/api/v1/candidates/{elsewhere}").status_code == 404  # not readable by this advisor
    review = f"/api/v1/vacancies/{vacancy}/reviews"
    refused = {
        elsewhere: advisor.post(f"{review}/{elsewhere}", json={"decision": "approved"}),
        10**9: advisor.post(f"{review}/{10**9}", json={"decision": "approved"}),
    }
    _same_404(refused)
    assert advisor.post(f"{review}/{elsewhere}", json={"note": "à rappeler"}).status_code == 404
    _same_404({elsewhere: _invite(advisor, vacancy, elsewhere), 10**9: _invite(advisor, vacancy, 10**9)})
    assert advisor.post(f"{review}/{readable}", json={"decision": "approved"}).status_code == 200
    assert _invite(advisor, vacancy, readable).status_code == 201
    with Session(live.engine) as session:
        assert session.exec(select(Invitation).where(Invitation.candidate_id == elsewhere)).all() == []


def test_employer_invites_only_whom_a_shortlist_of_that_vacancy_showed(live: Live) -> None:
    _, token = live.make_user("employer")
    employer = live.client(token)
    first = int(_ok(employer.post("/api/v1/vacancies", json=vacancy_body()))["id"])
    second = int(_ok(employer.post("/api/v1/vacancies", json=vacancy_body(title="Soudeur de nuit")))["id"])
    candidate, _ = _candidate(live)
    unseen = employer.post("/api/v1/invitations", json={"vacancy_id": first, "candidate_id": candidate})
    missing = 10**9
    _same_404({candidate: unseen, missing: _invite(employer, first, missing)})  # no existence oracle
    assert candidate in _shown(employer, first)
    assert _invite(employer, second, candidate).status_code == 404  # shown for the first vacancy only
    assert _invite(employer, first, candidate).status_code == 201
    assert _invite(employer, first, missing).status_code == 404


def test_other_employers_vacancy_and_candidates_are_the_same_404(live: Live) -> None:
    _, owner_token = live.make_user("employer")
    _, other_token = live.make_user("employer")
    owner, other = live.client(owner_token), live.client(other_token)
    vacancy = int(_ok(owner.post("/api/v1/vacancies", json=vacancy_body()))["id"])
    candidate, _ = _candidate(live)
    assert candidate in _shown(owner, vacancy)
    _same_404({vacancy: _invite(other, vacancy, candidate), 10**9: _invite(other, 10**9, candidate)})


def _pending(live: Live) -> tuple[int, httpx.Client, httpx.Client]:
    _, token = live.make_user("employer")
    employer = live.client(token)
    vacancy = int(_ok(employer.post("/api/v1/vacancies", json=vacancy_body()))["id"])
    candidate, candidate_http = _candidate(live)
    assert candidate in _shown(employer, vacancy)
    invitation = int(_ok(_invite(employer, vacancy, candidate))["id"])
    return invitation, candidate_http, employer


def test_concurrent_accept_and_decline_one_wins_the_rest_get_409(live: Live) -> None:
    for _ in range(3):
        invitation, http, _ = _pending(live)
        answers = ["accept", "decline"] * 4
        calls = [partial(http.post, f"/api/v1/invitations/{invitation}/{a}") for a in answers]
        responses = run_at_once(calls)
        winners = [(a, r) for a, r in zip(answers, responses, strict=True) if r.status_code == 200]
        assert len(winners) == 1, [(a, r.status_code) for a, r in zip(answers, responses, strict=True)]
        losers = [r for r in responses if r.status_code != 200]
        assert {r.status_code for r in losers} == {409}
        assert {r.json()["code"] for r in losers} == {"invitation_answered"}
        won = "accepted" if winners[0][0] == "accept" else "declined"
        with Session(live.engine) as session:
            assert session.get(Invitation, invitation).status == won  # type: ignore[union-attr]
            events = session.exec(select(AuditEvent).where(AuditEvent.object_type == "invitation")).all()
            assert len([e for e in events if e.object_id == invitation and e.action != "invitation.create"]) == 1


def test_an_acknowledged_decline_is_never_overwritten_by_an_accept(live: Live) -> None:
    invitation, http, employer = _pending(live)
    declined = http.post(f"/api/v1/invitations/{invitation}/decline")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    late = http.post(f"/api/v1/invitations/{invitation}/accept")
    assert late.status_code == 409 and late.json() == {
        "detail": f"invitation {invitation} was already declined",
        "code": "invitation_answered",
    }
    assert http.post(f"/api/v1/invitations/{invitation}/decline").status_code == 409
    vacancy = declined.json()["vacancy_id"]
    entry = next(
        e
        for e in _ok(employer.get(f"/api/v1/vacancies/{vacancy}/shortlist", params={"limit": 200}))["data"]
        if e["invitation"] and e["invitation"]["id"] == invitation
    )
    assert entry["invitation"]["status"] == "declined" and entry["candidate"]["contact"] is None
