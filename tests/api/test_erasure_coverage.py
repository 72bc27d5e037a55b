"""Deleting a candidate's account erases every row that holds the person's data, found by introspecting the tables
(so a table added later that refers to a person fails here until its erasure is written), and an employer's
deleted account closes its open vacancies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Column, Table, func, select
from sqlmodel import Session, SQLModel

from api.auth import Role, create_user
from api.db.tables import User
from api.deps import AppServices
from api.mail.alerts import send_digests
from tests.api.accounts_world import PASSWORD, mailbox, mclient, sign_in, verified_account
from tests.api.conftest import MakeUser, auth
from tests.api.mailbox import Mailbox
from tests.api.payloads import WELDER_CV, candidate_body, show_shortlist, vacancy_body
from tests.api.test_privacy import _outcomes

_ = (mailbox, mclient)

NAME = "Ximena Quiroga"
ACCOUNT = "ximena.cuenta@example.org"
PROFILE = "ximena.perfil@example.org"
MARK = "Zacapa7731"  # a word only her résumé holds
SECRETS = (NAME, "Ximena", ACCOUNT, PROFILE, MARK)

# (table, column) that refer to a person but that a candidate's own actions never fill, and why.
NOT_MADE_BY_A_CANDIDATE: dict[tuple[str, str], str] = {
    ("review", "reviewer_id"): "the advisor who reviewed",
    ("invitation", "invited_by_id"): "the employer or advisor who invited",
    ("job_offer", "offered_by_id"): "the employer who made the offer",
    ("review_request", "answered_by_id"): "the advisor who answered",
    ("employer", "verified_by_id"): "the advisor or admin who verified a company",
    ("vacancy_occupation", "confirmed_by"): "the employer or advisor who confirmed a vacancy's code",
    ("candidate_occupation", "confirmed_by"): "set when codes are confirmed; the row goes with its candidate_id",
}
# (table, column) whose rows stay after the erasure, on purpose, and why (see README, "Privacy").
KEPT: dict[tuple[str, str], str] = {
    ("audit_event", "actor_id"): "the legal trace of who did what: ids, roles and actions, never names or addresses",
    ("index_change", "record_id"): "a record id and a time: replicas need it to take the vector out of their index",
}


@dataclass(frozen=True)
class PersonColumn:
    """A column that can hold a reference to the person: their candidate id, user id, or an e-mail address."""

    table: Table
    column: Column[Any]
    kind: str  # "candidate", "user", "address" or "vector" (side + record_id)

    @property
    def key(self) -> tuple[str, str]:
        return self.table.name, self.column.name


def person_columns() -> list[PersonColumn]:
    """Every column of every declared table that refers to a candidate, an account, or an address."""
    found: list[PersonColumn] = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.c:
            targets = {fk.column.table.name for fk in column.foreign_keys}
            name = column.name
            if "candidate" in targets or name == "candidate_id":
                kind = "candidate"
            elif (
                "user" in targets or name in ("user_id", "actor_id", "reviewer_id") or name.endswith(("_by_id", "_by"))
            ):
                kind = "user"
            elif name in ("email", "recipient"):
                kind = "address"
            elif name == "record_id" and "side" in table.c:
                kind = "vector"
            else:
                continue
            found.append(PersonColumn(table, column, kind))
    return found


def _count(services: AppServices, ref: PersonColumn, candidate_id: int, user_id: int) -> int:
    column = ref.column
    if ref.kind == "candidate":
        where = column == candidate_id
    elif ref.kind == "user":
        where = column == user_id
    elif ref.kind == "address":
        where = func.lower(column).in_([ACCOUNT, PROFILE])
    else:
        where = (column == candidate_id) & (ref.table.c.side == "candidates")
    with services.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(ref.table).where(where)).scalar_one())


def _everything(services: AppServices) -> str:
    """Every row of every table, as text."""
    with services.engine.connect() as connection:
        rows = {t.name: [list(r) for r in connection.execute(select(t)).all()] for t in SQLModel.metadata.sorted_tables}
    return json.dumps(rows, default=str, ensure_ascii=False)


def _her_whole_file(client: TestClient, mailbox: Mailbox, make_user: MakeUser) -> dict[str, Any]:
    """A self-service candidate who did everything the API lets a candidate do, and was acted on by others."""
    verified_account(client, mailbox, ACCOUNT, name=NAME, language="es")  # account, e-mail link, outbox
    csrf = sign_in(client, ACCOUNT)  # a console session
    wrong = client.post("/api/v1/auth/signin", json={"email": ACCOUNT, "password": "not her password"})
    assert wrong.status_code == 401  # a sign-in attempt
    token = client.post("/api/v1/me/tokens", json={"name": "teléfono"}, headers=csrf).json()["token"]
    body = candidate_body(name=NAME, email=PROFILE, country="Guatemala", text=f"{WELDER_CV}\n{MARK}")
    created = client.post("/api/v1/candidates", json=body, headers=auth(token))
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    _, employer = make_user("employer")
    _, advisor = make_user("advisor", regions=["02"])
    vid = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    matches = client.get(
        f"/api/v1/candidates/{cid}/matches", params={"after": created.headers["X-Change-Id"]}, headers=auth(token)
    )
    assert matches.status_code == 200  # the index applied her file (its vector is stored)
    review = {"decision": "approved", "note": f"bon profil, {NAME}"}
    assert client.post(f"/api/v1/vacancies/{vid}/reviews/{cid}", json=review, headers=auth(advisor)).status_code == 200
    assert client.post(f"/api/v1/vacancies/{vid}/interest", headers=auth(token)).status_code == 201
    assert cid in show_shortlist(client, employer, vid)
    invite = {"vacancy_id": vid, "candidate_id": cid, "message": f"Hola {NAME}"}
    assert client.post("/api/v1/invitations", json=invite, headers=auth(employer)).status_code == 201
    _outcomes(client, employer, token, cid)  # accepted invitation, offer, arrival, follow-up, self-id, request
    services: AppServices = client.app.state.services  # type: ignore[attr-defined]
    services.settings.accounts.digest_min_score = 0.0
    assert send_digests(services, "http://testserver") == 1  # announced matches
    assert client.post("/api/v1/auth/reset/request", json={"email": ACCOUNT}).status_code == 202
    user_id = client.get("/api/v1/me", headers=auth(token)).json()["id"]
    return {"csrf": csrf, "token": token, "candidate": cid, "user": user_id, "services": services}


def test_deleting_the_account_leaves_nothing_personal_in_any_table(
    mclient: TestClient, mailbox: Mailbox, make_user: MakeUser
) -> None:
    w = _her_whole_file(mclient, mailbox, make_user)
    services, cid, uid = w["services"], w["candidate"], w["user"]
    refs = person_columns()
    assert {r.key for r in refs} >= {("candidate", "user_id"), ("outbox", "recipient"), ("interest", "candidate_id")}
    missing = [r.key for r in refs if r.key not in NOT_MADE_BY_A_CANDIDATE and not _count(services, r, cid, uid)]
    assert not missing, f"the scenario made no row in {missing}: add it to _her_whole_file (or say why it cannot)"
    assert all(secret in _everything(services) for secret in SECRETS)  # the sweep below can see each of them

    assert mclient.delete("/api/v1/me", headers=w["csrf"]).status_code == 204

    left = {r.key: n for r in refs if r.key not in KEPT and (n := _count(services, r, cid, uid))}
    assert not left, f"rows still refer to the deleted person: {left}"
    everything = _everything(services)
    assert not [s for s in SECRETS if s in everything], "the person's name, address or résumé is still stored"
    with Session(services.engine) as session:
        account = session.get(User, uid)
    assert account is not None and account.deleted_at is not None  # the row stays for the audit log's ids
    assert (account.name, account.email, account.password_hash, account.digest_enabled) == ("", None, None, False)
    assert mclient.get("/api/v1/me", headers=auth(w["token"])).status_code == 401
    assert mclient.post("/api/v1/auth/signin", json={"email": ACCOUNT, "password": PASSWORD}).status_code == 401


def test_deleting_the_file_alone_erases_it_everywhere_and_keeps_the_account(
    mclient: TestClient, mailbox: Mailbox, make_user: MakeUser
) -> None:
    w = _her_whole_file(mclient, mailbox, make_user)
    services, cid, uid = w["services"], w["candidate"], w["user"]
    assert mclient.delete(f"/api/v1/candidates/{cid}", headers=auth(w["token"])).status_code == 204

    refs = [r for r in person_columns() if r.kind in ("candidate", "vector", "address") and r.key not in KEPT]
    left = {r.key: n for r in refs if r.key != ("user", "email") and (n := _count(services, r, cid, uid))}
    assert not left, f"rows still refer to the erased file: {left}"
    everything = _everything(services)
    assert not [s for s in (NAME, "Ximena", PROFILE, MARK) if s in everything]
    assert everything.count(ACCOUNT) == 1  # only on the account, which goes on (its owner may make a new profile)
    assert mclient.get("/api/v1/me", headers=auth(w["token"])).json()["candidate_id"] is None


def test_every_person_column_is_known() -> None:
    """The lists above name real columns (a renamed one must be renamed here too)."""
    keys = {r.key for r in person_columns()}
    assert set(NOT_MADE_BY_A_CANDIDATE) <= keys and set(KEPT) <= keys


def _open_ids(client: TestClient, token: str, cid: int, after: str | None = None) -> tuple[set[int], set[int]]:
    params = {"after": after} if after else {}
    matches = client.get(f"/api/v1/candidates/{cid}/matches", params=params, headers=auth(token)).json()["data"]
    found = client.get("/api/v1/open-vacancies", params={"q": "soudeur"}, headers=auth(token)).json()["data"]
    return {m["vacancy_id"] for m in matches}, {e["vacancy_id"] for e in found}


def test_an_employers_deleted_account_closes_its_open_vacancies(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    _, employer = make_user("employer")
    _, other_employer = make_user("employer")
    _, advisor = make_user("advisor", regions=["02"])
    _, candidate = make_user("candidate")
    cid = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(candidate)).json()["id"]
    mine = [client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"] for _ in "ab"]
    theirs = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(other_employer)).json()["id"]
    matched, searched = _open_ids(client, candidate, cid)
    assert set(mine) | {theirs} <= matched and set(mine) | {theirs} <= searched

    deleted = client.delete("/api/v1/me", headers=auth(employer))
    assert deleted.status_code == 204
    for vid in mine:
        assert client.get(f"/api/v1/vacancies/{vid}", headers=auth(advisor)).json()["status"] == "closed"
    last = client.post(f"/api/v1/vacancies/{theirs}/interest", headers=auth(candidate))  # a later change: waits on
    assert last.status_code == 201
    matched, searched = _open_ids(client, candidate, cid, last.headers.get("X-Change-Id"))
    assert not set(mine) & matched and not set(mine) & searched
    assert theirs in matched and theirs in searched  # another company's vacancy is untouched
    for vid in mine:
        assert client.post(f"/api/v1/vacancies/{vid}/interest", headers=auth(candidate)).status_code == 409
        invite = {"vacancy_id": vid, "candidate_id": cid}
        assert client.post("/api/v1/invitations", json=invite, headers=auth(advisor)).status_code == 409
    listed = client.get("/api/v1/vacancies", params={"status": "open"}, headers=auth(advisor)).json()["data"]
    assert not set(mine) & {v["id"] for v in listed}  # advisors' list of open vacancies to shortlist
    assert theirs in {v["id"] for v in listed}


def test_a_company_with_another_live_account_keeps_its_vacancies_open(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    first, employer = make_user("employer")
    with Session(services.engine, expire_on_commit=False) as session:
        colleague, colleague_token = create_user(session, Role.EMPLOYER, name="colleague")
        colleague.employer_id = first.employer_id
        session.add(colleague)
        session.commit()
    vid = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    assert client.delete("/api/v1/me", headers=auth(employer)).status_code == 204
    assert client.get(f"/api/v1/vacancies/{vid}", headers=auth(colleague_token)).json()["status"] == "open"
    assert client.delete("/api/v1/me", headers=auth(colleague_token)).status_code == 204
    _, advisor = make_user("advisor", regions=["02"])
    assert client.get(f"/api/v1/vacancies/{vid}", headers=auth(advisor)).json()["status"] == "closed"
