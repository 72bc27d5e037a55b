"""Start the real Passerelle server for the browser tests and seed it with accounts, vacancies and candidates.

Accounts are created with the API core's own helpers (``api.auth.create_user`` with known tokens) before the
server starts; everything else goes through the HTTP API, as a user would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]
SMALL_CLASSIFIER_GROUPS = ("7210", "6320", "7330", "3310", "3210", "9410", "7510", "8510")
SEED_CANDIDATES: tuple[dict[str, Any], ...] = (
    {
        "key": "welder_mx",
        "name": "Lucía Hernández",
        "email": "lucia.hernandez@example.org",
        "country": "MX",
        "status": "temporary_worker",
        "regions_open": ["02"],
        "text": "Soldadora con seis años de experiencia en soldadura MIG y TIG, lectura de planos, acero.",
        "occupation_codes": ["72106"],
        "years_experience": 6,
        "french": "B1",
    },
    {
        "key": "welder_gt",
        "name": "Mateo Xol",
        "email": "mateo.xol@example.org",
        "country": "GT",
        "status": "temporary_worker",
        "open_to_all_regions": True,
        "text": "Soudeur-monteur, soudage à l'arc et semi-automatique, assemblage de structures d'acier.",
        "occupation_codes": ["72106"],
        "years_experience": 3,
        "french": "A2",
    },
    {
        "key": "welder_fr",
        "name": "Camille Morel",
        "email": "camille.morel@example.org",
        "country": "FR",
        "status": "selected_quebec",
        "regions_open": ["06"],
        "text": "Soudeuse TIG en atelier de chaudronnerie, inox et aluminium, contrôle qualité des soudures.",
        "occupation_codes": ["72106"],
        "years_experience": 8,
        "french": "C2",
    },
    {
        "key": "cook_sn",
        "name": "Awa Diop",
        "email": "awa.diop@example.org",
        "country": "SN",
        "status": "selected_quebec",
        "regions_open": ["02"],
        "text": "Cuisinière en restauration collective, préparation des repas, hygiène et salubrité.",
        "occupation_codes": ["63200"],
        "years_experience": 4,
        "french": "C1",
    },
    {
        "key": "leaver_co",
        "name": "Andrés Quintero",
        "email": "andres.quintero@example.org",
        "country": "CO",
        "status": "other",
        "regions_open": ["02"],
        "text": "Welder with MIG experience in a shipyard, structural steel and pipe welding.",
        "occupation_codes": ["72106"],
        "years_experience": 2,
        "french": "A1",
    },
)
SEED_VACANCY: dict[str, Any] = {
    "title": "Soudeur-assembleur / soudeuse-assembleuse",
    "description": "Souder des pièces d'acier (MIG, TIG) en atelier, lire des plans, assembler des structures.",
    "municipality": "94068",
    "positions": 2,
    "wage_hourly": 28.5,
    "french_required": "A2",
    "experience_required": 2,
    "occupation_codes": ["72106"],
    "start_date": "2027-03-01",
}


@dataclass
class Server:
    """A running server with its seeded data: tokens by account key, ids of what was created."""

    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    tokens: dict[str, str] = field(default_factory=dict)
    candidate_ids: dict[str, int] = field(default_factory=dict)
    vacancy_id: int = 0

    def api(self, account: str) -> httpx.Client:
        """An HTTP client signed in as one of the seeded accounts."""
        return httpx.Client(
            base_url=f"{self.base_url}/api/v1",
            headers={"Authorization": f"Bearer {self.tokens[account]}"},
            timeout=30,
        )

    def stop(self) -> None:
        """Stop the server process this fixture started."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def train_small_classifier(data_dir: Path) -> bool:
    """Train a lexical title classifier on a few minor groups where the server looks for its model.

    The full classifier takes minutes to train; this one (welders, cooks, drivers, care aides and a few
    neighbours, real NOC titles) takes seconds and is enough for the console's flows.

    Returns:
        Whether it was trained (False when the occupations package cannot train one).
    """
    try:
        from occupations import ClassifierConfig, load_taxonomy
        from occupations.classifier import save_model
        from occupations.training import example_titles, fit_model, official_titles

        titles, official = example_titles(), official_titles(load_taxonomy())
        keep = [i for i, code in enumerate(titles.codes) if code[:4] in SMALL_CLASSIFIER_GROUPS]
        keep_official = [i for i, code in enumerate(official.codes) if code[:4] in SMALL_CLASSIFIER_GROUPS]
        config = ClassifierConfig(model_dir=data_dir / "models", use_embedding=False)
        model = fit_model(titles.subset(keep) + official.subset(keep_official), config)
        model.build_graphs()
        save_model(model, config.artefact_path)
    except (ImportError, AttributeError, TypeError) as exc:
        warnings.warn(f"no small occupation classifier for the browser tests: {exc!r}", stacklevel=1)
        return False
    return True


def server_env(data_dir: Path, *, classifier: bool, smtp_port: int | None = None) -> dict[str, str]:
    """Environment of the server: its own data folder, no demo data, the fast hashing embedder, and the small
    lexical classifier trained by :func:`train_small_classifier` (documents are not classified without it).
    With ``smtp_port``, e-mail goes to that SMTP server on 127.0.0.1 (no TLS), looked at every 0.2 s."""
    env = dict(os.environ)
    if smtp_port is not None:
        env.update(
            PASSERELLE_MAIL__BACKEND="smtp",
            PASSERELLE_MAIL__HOST="127.0.0.1",
            PASSERELLE_MAIL__PORT=str(smtp_port),
            PASSERELLE_MAIL__SECURITY="none",
            PASSERELLE_MAIL__POLL_SECONDS="0.2",
            PASSERELLE_MAIL__BACKOFF_SECONDS="0.5",
            PASSERELLE_ACCOUNTS__ARGON2_MEMORY_KIB="8192",
            PASSERELLE_ACCOUNTS__ARGON2_PARALLELISM="1",
        )
    env.update(
        PASSERELLE_DATA_DIR=str(data_dir),
        PASSERELLE_DATABASE_URL="",
        PASSERELLE_LOAD_DEMO="false",
        PASSERELLE_EMBEDDER__BACKEND="hashing",
        PASSERELLE_CLASSIFY_DOCUMENTS="true" if classifier else "false",
        PASSERELLE_CLASSIFIER__USE_EMBEDDING="false",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    return env


def create_accounts(data_dir: Path) -> dict[str, str]:
    """Migrate a fresh database and create the accounts with known tokens.

    Returns:
        Token by account key ("advisor", "employer", "newcomer", and one per seeded candidate).
    """
    from sqlmodel import Session

    from api.auth import Role, create_user
    from api.db.migrate import migrate
    from api.db.session import make_engine, sqlite_url

    url = sqlite_url(data_dir)
    migrate(url)
    engine = make_engine(url)
    accounts = [
        ("advisor", Role.ADVISOR, "Julie Tremblay, conseillère", ("02", "09")),
        ("employer", Role.EMPLOYER, "Soudures du Fjord inc.", ()),
        ("newcomer", Role.CANDIDATE, "Nouvelle candidate", ()),
        ("hispanohablante", Role.CANDIDATE, "Candidata nueva", ()),
        ("hispanohablante_movil", Role.CANDIDATE, "Candidato nuevo", ()),
    ] + [(c["key"], Role.CANDIDATE, c["name"], ()) for c in SEED_CANDIDATES]
    tokens: dict[str, str] = {}
    with Session(engine) as session:
        for key, role, name, regions in accounts:
            token = f"psl_browser_test_{key}"
            create_user(session, role, name=name, regions=regions, token=token)
            tokens[key] = token
    engine.dispose()
    return tokens


def start_server(data_dir: Path, log_path: Path, timeout: float = 90.0, smtp_port: int | None = None) -> Server:
    """Start uvicorn on a free port and wait until ``/healthz`` answers (its e-mail to ``smtp_port`` if given).

    Raises:
        RuntimeError: the server exited or did not answer in time (its log is in the message).
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    tokens = create_accounts(data_dir)
    classifier = train_small_classifier(data_dir)
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    log = log_path.open("wb")
    env = server_env(data_dir, classifier=classifier, smtp_port=smtp_port)
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(base_url=f"http://127.0.0.1:{port}", process=process, log_path=log_path, tokens=tokens)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log_path.read_text()[-4000:]}")
        try:
            if httpx.get(f"{server.base_url}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"server did not answer within {timeout} s:\n{log_path.read_text()[-4000:]}")


def seed(server: Server) -> None:
    """Post the seeded candidates' profiles and the employer's first vacancy through the API."""
    for candidate in SEED_CANDIDATES:
        body = {k: v for k, v in candidate.items() if k != "key"}
        with server.api(candidate["key"]) as client:
            response = client.post("/candidates", json=body)
            response.raise_for_status()
            server.candidate_ids[candidate["key"]] = int(response.json()["id"])
    with server.api("employer") as client:
        response = client.post("/vacancies", json=SEED_VACANCY)
        response.raise_for_status()
        server.vacancy_id = int(response.json()["id"])
