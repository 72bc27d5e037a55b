"""All deployment settings, read from ``PASSERELLE_*`` environment variables (nested with ``__``).

Example: ``PASSERELLE_DATABASE_URL=postgresql://user@127.0.0.1/passerelle``,
``PASSERELLE_EMBEDDER__BACKEND=hashing``, ``PASSERELLE_INDEX__NPROBE=16``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.db.session import sqlite_url
from embeddings.factory import EmbedderConfig
from embeddings.faiss_index import IndexConfig
from matching.service import MatchingConfig
from occupations.config import ClassifierConfig


class MailSettings(BaseModel):
    """Outgoing e-mail. ``backend="folder"`` (the default) writes each message as an .eml file under
    ``data_dir/outbox`` and logs its path; ``backend="smtp"`` sends through the SMTP server below."""

    backend: Literal["folder", "smtp"] = Field("folder", description="folder (embedded default) or smtp.")
    host: str = Field("127.0.0.1", description="SMTP server host.")
    port: int = Field(587, ge=1, le=65535, description="SMTP port (587 STARTTLS, 465 SSL, 25 plain).")
    security: Literal["starttls", "ssl", "none"] = Field("starttls", description="starttls, ssl or none.")
    username: str = Field("", description="SMTP user name; empty means no authentication.")
    password: SecretStr = Field(SecretStr(""), description="SMTP password.")
    ca_file: Path | None = Field(
        None,
        description="PEM file of the certificate authorities trusted for the SMTP server's TLS certificate "
        "(empty: the system's).",
    )
    from_address: str = Field("Passerelle <no-reply@passerelle.local>", description="The From: header.")
    timeout_seconds: float = Field(10.0, gt=0, description="SMTP connection and command timeout.")
    max_attempts: int = Field(6, ge=1, le=50, description="Delivery attempts before a message is marked failed.")
    backoff_seconds: float = Field(30.0, gt=0, description="First retry delay; doubled after each failure.")
    backoff_max_seconds: float = Field(3600.0, gt=0, description="Longest delay between two attempts.")
    poll_seconds: float = Field(2.0, gt=0, description="How often the sender looks for due messages.")
    folder: Path | None = Field(None, description="Outbox folder of the folder backend (data_dir/outbox by default).")


class AccountSettings(BaseModel):
    """Self-service accounts: links, sessions, rate limits, alerts."""

    public_url: str = Field("", description="Base URL of links in e-mails (empty: the URL of the request).")
    secret_key: SecretStr = Field(
        SecretStr(""), description="Key signing e-mail links (empty: a random key kept in data_dir/secret_key)."
    )
    session_days: float = Field(14.0, gt=0, description="Lifetime of a console session.")
    cookie_secure: bool = Field(False, description="Send the session cookie over HTTPS only (set behind TLS).")
    verify_hours: float = Field(48.0, gt=0, description="Lifetime of an e-mail verification link.")
    reset_minutes: float = Field(60.0, gt=0, description="Lifetime of a password reset link.")
    signin_window_seconds: float = Field(900.0, gt=0, description="Window of the sign-in rate limit.")
    signin_max_per_account: int = Field(5, ge=1, description="Failed sign-ins per e-mail address in the window.")
    signin_max_per_ip: int = Field(20, ge=1, description="Failed sign-ins per client address in the window.")
    argon2_time_cost: int = Field(3, ge=1, le=20, description="argon2id passes over memory.")
    argon2_memory_kib: int = Field(65536, ge=8, description="argon2id memory per hash, in KiB (64 MiB).")
    argon2_parallelism: int = Field(4, ge=1, le=16, description="argon2id lanes.")
    digest_hours: float = Field(24.0, ge=0, description="Period of the strong-match digest (0: never sent).")
    digest_min_score: float = Field(0.7, ge=0, le=1, description="Matches at or above this total are strong.")


class Settings(BaseSettings):
    """Passerelle's service settings; components receive only their own config models from here."""

    model_config = SettingsConfigDict(env_prefix="PASSERELLE_", env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Field(Path("var"), description="Folder of the SQLite file, the saved indexes and demo tokens.")
    database_url: str = Field(
        "", description="SQLAlchemy URL; empty means a SQLite file (WAL) in data_dir. postgresql://… for PostgreSQL."
    )
    load_demo: bool = Field(True, description="Load the demo data when the database has no vacancy yet.")
    demo_data_dir: Path | None = Field(None, description="Folder of vacancies.jsonl and candidates.jsonl.")
    max_upload_bytes: int = Field(5 * 1024 * 1024, ge=1, description="Largest résumé file accepted.")
    max_json_bytes: int = Field(1024 * 1024, ge=1024, description="Largest request body that is not an upload.")
    index_save_every: int = Field(1000, ge=1, description="Save an index after this many changes.")
    index_save_seconds: float = Field(
        300.0, gt=0, description="Save an index with pending changes at most this long after its last save."
    )
    index_poll_seconds: float = Field(
        0.25, gt=0, description="How often the index worker polls the change log (PostgreSQL NOTIFY wakes it sooner)."
    )
    index_embed: bool = Field(
        True,
        description="This process encodes records that have no stored vector yet. False when a separate "
        "`passerelle worker` does it: changes are then applied once their vectors are stored.",
    )
    index_encoder_process: bool = Field(
        True,
        description="The index worker encodes in a child process of its own, so encoding never holds this "
        "process's GIL: 50 clients on one process, the worker's encoding took 32 of 40 s of wall time in the "
        "request threads' GIL (index lag p99 2.7 s). Tests that start hundreds of apps turn it off.",
    )
    index_encoder_priority: int = Field(
        10,
        ge=0,
        le=19,
        description="Nice levels the encoder process takes above the server's, so that a busy server's request "
        "threads do not starve the index (50 clients, 2 processes: index lag p99 1.44 s at the same priority, "
        "0.81 s at 5 above; 2026-12-04: 0.91 / 1.29 / 0.96 s at 5, 0.63 / 0.79 s at 10). Raising a priority needs "
        "root, CAP_SYS_NICE or LimitNICE; without it the encoder runs at the server's priority and logs a warning.",
    )
    index_foreign_grace_seconds: float = Field(
        5.0,
        ge=0,
        description="A change written by another process waits this long for its vector (encoded by its writer) "
        "before this replica encodes it itself; the `passerelle worker` process uses 0.",
    )
    index_log_retention_hours: float = Field(
        168.0, gt=0, description="Changes older than this are pruned; a saved index older than that is rebuilt."
    )
    gc_freeze: bool = Field(
        True,
        description="Once started, move what start-up built out of the garbage collector's passes (gc.freeze): "
        "a full pass over the start-up heap took 158 ms in the middle of a request, at most 18 ms after. Tests "
        "that start hundreds of apps in one process turn it off (the collection before it costs them 0.2 s each).",
    )
    server_threads: int = Field(
        2,
        ge=1,
        le=200,
        description="Requests handled at once per process (the thread pool of the def routes). More threads only "
        "fight for the GIL, with the index worker among them. 50 clients on 2 cores, one process: 4 threads gave "
        "26 requests/s and an index lag p99 of 10 s, 2 threads 37 requests/s and 1.9 s (benchmarks/README.md). "
        "A read waiting for ?after= holds none: it waits on the event loop.",
    )
    read_budget_seconds: float = Field(
        0.25,
        ge=0,
        description="When every request thread is busy, requests wait in order of deadline: arrival plus this for "
        "reads (GET), plus write_budget_seconds for writes, so under overload reads overtake recent writes "
        "(api.scheduling).",
    )
    write_budget_seconds: float = Field(
        4.0,
        ge=0,
        description="The deadline added to a write's arrival time (see read_budget_seconds). 50 clients on 2 cores: "
        "with 2 s, shortlist p50 / p99 0.46-0.70 / 1.3-2.0 s, writes p50 2.1-2.4 s; with 4 s, 0.12 / 0.57-0.81 s "
        "and writes 2.8 s (benchmarks/README.md). Equal budgets give first come, first served.",
    )
    read_wait_seconds: float = Field(
        5.0, ge=0, description="Longest wait of a shortlist or matches request for ?after=<change id> (then 503)."
    )
    write_wait_seconds: float = Field(
        0.0,
        ge=0,
        description="A write waits up to this long for this process's index to apply it before answering "
        "(0: answer at commit; clients read their writes with ?after=<change id>).",
    )
    record_cache_entries: int = Field(
        50_000,
        ge=0,
        description="Candidates and vacancies kept in memory per process for ranking, evicted through the change "
        "log (0: read them from the database on every request).",
    )
    shortlist_limit_max: int = Field(200, ge=1, description="Largest ?limit= for shortlists and matches.")
    classify_k: int = Field(3, ge=1, le=10, description="Occupations kept when classifying a document.")
    classify_min_confidence: float = Field(
        0.0, ge=0, le=1, description="Classified occupations below this confidence are dropped (the first is kept)."
    )
    occupation_preselect_confidence: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Suggested occupations at or above this confidence are pre-ticked for the person to confirm.",
    )
    classify_documents: bool = Field(
        True, description="Classify documents sent without occupation codes (loads or trains the classifier)."
    )
    classifier: ClassifierConfig = Field(
        default_factory=ClassifierConfig, description="Title classifier (its model_dir defaults to data_dir/models)."
    )
    matching: MatchingConfig = Field(default_factory=MatchingConfig, description="Retrieval and ranking.")
    embedder: EmbedderConfig = Field(
        default_factory=lambda: EmbedderConfig(threads=1),
        description="Text encoder. A server encodes with one BLAS thread: its request threads and index worker "
        "already keep the cores busy, and with a second BLAS thread on a busy 2-core machine encoding a 200-word "
        "text took 42 ms of CPU instead of 19 (a 100 KB upload 292 instead of 149).",
    )
    index: IndexConfig = Field(default_factory=IndexConfig, description="Vector index (FAISS or exact).")
    audit_pool_limit: int = Field(
        2000, ge=10, le=100_000, description="Most candidates ranked per vacancy for the bias audit's pool."
    )
    audit_retention_days: int = Field(
        183, ge=183, description="Audit events older than this are purged by `passerelle audit purge` (>= 6 months)."
    )
    rule_sets_dir: Path | None = Field(None, description="Folder of rule-set TOML files (the package's by default).")
    mail: MailSettings = Field(default_factory=MailSettings, description="Outgoing e-mail (SMTP or outbox folder).")
    accounts: AccountSettings = Field(default_factory=AccountSettings, description="Sign-up, sessions, alerts.")

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = sqlite_url(self.data_dir)
        return self

    @property
    def outbox_dir(self) -> Path:
        """Where the folder mail backend writes its .eml files."""
        return self.mail.folder or self.data_dir / "outbox"

    @property
    def index_dir(self) -> Path:
        """Where the two vector indexes are saved."""
        return self.data_dir / "index"
