"""Typed settings, read from ``CLEARWAY_*`` environment variables, built on demand."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from clearway.supervision.eligibility_rules import Facility, FacilityRuleOverride
from clearway.supervision.model import GoodsCategory, Regime

DEFAULT_SECRET = "development-only-secret-change-me"
# A valid Fernet key everybody knows: fine on a development machine, refused anywhere else.
DEFAULT_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQtb25seS1rZXktY2hhbmdlLW1lISE="


class Settings(BaseSettings):
    """Every knob a district sets. Defaults suit a development machine, never production."""

    model_config = SettingsConfigDict(env_prefix="CLEARWAY_", env_file=None, extra="ignore")

    env: Literal["development", "test", "production"] = Field(
        "development", description="Deployment environment; production refuses default secrets."
    )
    database_url: str = Field(
        "sqlite:///var/clearway.db",
        description="SQLAlchemy URL; SQLite file by default, postgresql+psycopg://… in production.",
    )
    database_pre_ping: bool = Field(
        False,
        description="Test each pooled PostgreSQL connection before use (a round trip per "
        "transaction); off, a connection lost to a database restart fails one request with 503 "
        "and the pool reconnects.",
    )
    database_pool_recycle_seconds: int = Field(
        1800, ge=0, description="Replace pooled PostgreSQL connections older than this (0: never)."
    )
    statement_timeout_ms: int = Field(
        15_000,
        ge=0,
        description="Longest a PostgreSQL statement may run before it is cancelled and the "
        "request answered 503 (0: no bound).",
    )
    business_date_earliest: date = Field(
        date(2000, 1, 1), description="Earliest business date (declaration, document) accepted."
    )
    business_date_days_ahead: int = Field(
        731, ge=0, le=3660, description="How many days after today a business date may lie."
    )
    slot_series_max_days: int = Field(
        366,
        ge=1,
        le=3660,
        description="Longest range of days one inspection slot series may cover.",
    )
    secret_key: str = Field(DEFAULT_SECRET, description="Key that signs API access tokens.")
    secret_encryption_key: str = Field(
        DEFAULT_ENCRYPTION_KEY,
        description="Fernet key (32 url-safe base64 bytes) that encrypts webhook signing "
        "secrets at rest; refused at its default outside development.",
    )
    token_minutes: int = Field(30, ge=1, le=24 * 60, description="Access token lifetime.")
    max_items: int = Field(50, ge=1, le=999, description="Most items one declaration may carry.")
    max_batch: int = Field(
        1000, ge=1, le=10_000, description="Most declarations one batch lodgement may carry."
    )
    max_body_bytes: int = Field(1_000_000, ge=1024, description="Largest request body accepted.")
    page_size_max: int = Field(200, ge=10, description="Largest page a list endpoint returns.")
    model_dir: Path = Field(Path("var/models"), description="Where risk model artefacts live.")
    host: str = Field("127.0.0.1", description="Address `clearway serve` binds.")
    port: int = Field(8000, description="Port `clearway serve` binds.")
    serve_workers: int = Field(
        1,
        ge=1,
        le=64,
        description="Server processes `clearway serve` runs (one Python process uses one core); "
        "more than one needs PostgreSQL.",
    )
    idempotency_hours: int = Field(
        24,
        ge=1,
        description="How long Idempotency-Key results are kept; the idempotency.sweep job "
        "deletes older ones, and an older key is free to be used again.",
    )
    idempotency_claim_seconds: int = Field(
        300,
        ge=1,
        description="How long an Idempotency-Key may stay in progress, its work not committed, "
        "before it is released (the server stopped first) and a retry runs the request again; "
        "work that committed is replayed at once, never done again.",
    )
    reference_cache_seconds: float = Field(
        60,
        ge=0,
        description="How long tariff lines and offices read once are reused (0 turns it off).",
    )
    auto_accept: bool = Field(True, description="Accept and assign the lane on screening.")
    auto_release_green: bool = Field(
        True,
        description="Release a green-lane declaration in its submitting transaction when its "
        "duty and VAT are covered (paid, guaranteed or nil); docs/rules/lane_release.md.",
    )
    auto_release_blue: bool = Field(
        True,
        description="Release a blue-lane declaration the same way and open its post-clearance "
        "audit task; docs/rules/lane_release.md.",
    )
    risk_salt: str = Field("clearway-selectivity", description="Salt of selectivity's draws.")
    simulation_max_declarations: int = Field(
        20_000, ge=1, description="Largest simulation the API and portal run in one request."
    )
    risk_random_quota: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {"*": {"red": 0.01, "yellow": 0.01}},
        description="Random pick shares per lane, keyed office:flow, office:*, *:flow or *.",
    )
    risk_random_weight_cap: float = Field(
        20.0,
        gt=0,
        description="Most weight a random-quota pick gets in platform training (inverse of its "
        "draw chance otherwise), so a handful of draws cannot swamp the rest.",
    )
    risk_lane_rates: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {
            "advanced_certified": {"red": 0.005, "yellow": 0.01, "blue": 0.02},
            "certified": {"red": 0.02, "yellow": 0.04, "blue": 0.02},
            "regular": {"red": 0.05, "yellow": 0.10, "blue": 0.02},
            "dishonest": {"red": 0.85, "yellow": 0.10, "blue": 0.0},
            "seriously_dishonest": {"red": 0.95, "yellow": 0.05, "blue": 0.0},
        },
        description="Expected lane shares per credit level (Decree 282 bounds are enforced).",
    )
    risk_rate_window: int = Field(
        500, ge=10, description="Recent screenings per office, flow and level for thresholds."
    )
    risk_negative_list: str = Field(
        "commodity_negative_list", description="Named list of tariff prefixes always inspected."
    )
    dg_checks: dict[str, str] = Field(
        default_factory=lambda: {
            "un_number": "hard",
            "sp188": "hard",
            "documents": "hard",
            "state_of_charge": "hard",
            "damaged": "soft",
            "air_packing": "hard",
        },
        description="Lithium-battery checks at export submission, each hard (refuse), soft "
        "(route to a lane) or off; checks not named keep their default.",
    )
    dg_soft_lanes: dict[str, str] = Field(
        default_factory=lambda: {
            "un_number": "red",
            "sp188": "red",
            "documents": "yellow",
            "state_of_charge": "red",
            "damaged": "red",
            "air_packing": "red",
        },
        description="Lane a soft lithium-battery finding routes the declaration to at least.",
    )
    dg_state_of_charge_max_pct: float = Field(
        30.0, ge=0, le=100, description="Highest state of charge where one is required."
    )
    dg_state_of_charge_required: list[str] = Field(
        default_factory=lambda: ["UN3480:air", "UN3481:air:2026-01-01", "UN3556:air:2026-01-01"],
        description="Where the state of charge limit applies, as UN number:transport mode"
        "[:first day].",
    )
    dg_withdrawn_for_lithium: dict[str, str] = Field(
        default_factory=lambda: {"UN3171": "2026-01-01"},
        description="UN numbers no longer valid for lithium-battery goods from the given day.",
    )
    dg_appraisal_validity_months: dict[str, int] = Field(
        default_factory=lambda: {"air": 3, "*": 12},
        description="Months a usage appraisal sheet is valid per transport mode ('*' the rest).",
    )
    dg_air_packing_file: str = Field(
        "",
        description="CSV of the dated IATA lithium-battery packing instruction limits by air "
        "(PI965, PI968); empty: the table that ships with Clearway.",
    )
    dg_document_types: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "un38_3_summary": ["un38_3_summary", "UN38.3"],
            "packaging_performance_sheet": ["packaging_performance_sheet"],
            "usage_appraisal_sheet": ["usage_appraisal_sheet"],
        },
        description="Document doc_type codes accepted as each lithium-battery certificate.",
    )
    bonded_report_timezone: str = Field(
        "Asia/Shanghai",
        description="Time zone whose calendar days and months the bonded-zone reports use "
        "(book balances on a date, refunds and duty/VAT per month); storage stays UTC.",
    )
    supervision_eligibility: dict[Facility, FacilityRuleOverride] = Field(
        default_factory=dict,
        description="Per facility (two_step, centralized, appointment_clearance, direct_pickup, "
        "first_release), changes to the default eligibility rule: credit_levels, "
        "goods_prefixes, offices, max_breaches, breach_window_days (JSON).",
    )
    supervision_timezone: str = Field(
        "Asia/Shanghai", description="Time zone of the months centralized declarations cover."
    )
    two_step_complete_days: int = Field(
        14, ge=1, description="Days after the anchor within which a two-step complete is due."
    )
    two_step_anchor: Literal["entry", "release"] = Field(
        "entry",
        description="What starts the two-step complete's clock: the transport's entry (E0/E1, "
        "else the release) or the summary's release.",
    )
    statutory_inspection_conditions: list[str] = Field(
        default_factory=lambda: ["A", "B"],
        description="Supervision condition codes of the tariff that mean statutory inspection "
        "(A import, B export); every other code names a licence or permit.",
    )
    centralized_guarantee_months: int = Field(
        3, ge=0, description="Months a centralized filing's guarantee must still run."
    )
    centralized_import_list_days: int = Field(
        14, ge=1, description="Days after the transport's entry to lodge an import list."
    )
    centralized_export_lead_hours: float = Field(
        24.0, ge=0, description="Hours before loading an export centralized list is due."
    )
    centralized_goods_categories: dict[str, list[GoodsCategory]] = Field(
        default_factory=lambda: {
            "*": [
                GoodsCategory.DANGEROUS_GOODS,
                GoodsCategory.PERISHABLE,
                GoodsCategory.PUBLICATIONS,
                GoodsCategory.BONDED_ROAD,
            ]
        },
        description="Goods categories centralized declaration is open to, per customs office "
        "('*' every other office): GACC Decree 169 art. 3 by default; a district adds "
        "'general' to let other goods use it.",
    )
    centralized_consolidation_months: dict[Regime, int] = Field(
        default_factory=lambda: {Regime.GENERAL_TRADE: 0, Regime.BONDED: 1},
        description="Whole months after a period's month before its consolidation deadline "
        "month ends, per goods regime (bonded goods: the end of the following month).",
    )
    centralized_consolidation_days: dict[str, int] = Field(
        default_factory=lambda: {"general_trade": 10, "bonded": 0},
        description="Days after that month's end by which the lists are consolidated, per goods "
        "regime (general trade by the 10th of the next month).",
    )
    centralized_within_year: list[Regime] = Field(
        default_factory=lambda: [Regime.GENERAL_TRADE],
        description="Regimes whose consolidation may not cross a calendar year: December's "
        "lists are due by the year's end at the latest.",
    )
    jobs_scheduler_seconds: float = Field(
        60.0,
        ge=0,
        description="How often `clearway serve` looks for due scheduled jobs; 0 leaves them "
        "to `clearway jobs run`.",
    )
    liaison_deadline_hours: dict[str, float] = Field(
        default_factory=lambda: {"urgent_clearance": 2.0, "question": 48.0, "complaint": 120.0},
        description="Hours customs have to answer a liaison request, by category.",
    )
    liaison_escalation_hours: float = Field(
        8.0, gt=0, description="New answer deadline each time an overdue request is escalated."
    )
    liaison_max_escalations: int = Field(
        3, ge=1, description="Escalation levels an overdue liaison request can climb."
    )
    unassigned_officers_district_wide: bool = Field(
        False,
        description="Whether an office-bound officer with no office yet keeps the whole "
        "district's view while a district is still assigning offices; by default it sees no "
        "office's work until an administrator assigns one (docs/rules/offices.md).",
    )
    # Inspection: office calendars and appointment clearance (docs/inspection.md).
    office_timezone: str = Field(
        "Asia/Shanghai",
        description="Time zone of a new office calendar (working hours and holidays are local).",
    )
    appointment_lead_hours: dict[str, float] = Field(
        default_factory=lambda: {"advanced_certified": 8.0, "*": 24.0},
        description="Least notice (hours) for appointment clearance, by the enterprise's "
        "credit level on the day it asks ('*' the rest).",
    )
    # Iron ore classified management, on-site and lab checks (docs/ore.md). The mainstream
    # origins are a dated reference table (docs/rules/mainstream_ore_origins.md), not a setting.
    ore_mainstream_brands: list[str] = Field(
        default_factory=lambda: [
            "SSGPO concentrate",
            "SSGPO pellets",
            "PB Fines",
            "Newman Fines",
            "Mac Fines",
            "IOCJ",
        ],
        description="Iron ore brands the classification treats as mainstream (any case).",
    )
    direct_pickup_waits_for_onsite: bool = Field(
        True,
        description="Direct pickup of iron ore waits for the conforming train-side on-site "
        "inspection (or an officer's waiver) before release (docs/rules/direct_pickup_onsite.md).",
    )
    ore_sampling_rate: float = Field(
        0.3, ge=0, le=1, description="Share of category B ore declarations sampled for the lab."
    )
    ore_supplier_nonconformities: int = Field(
        2, ge=1, description="Nonconforming lab results that put a supplier's ore in category C."
    )
    ore_radiation_limit_bq_per_g: float = Field(
        1.0, gt=0, description="Radioactivity limit per U-238/Th-232 series nuclide (Bq/g)."
    )
    ore_portal_alarm_usv_per_h: float = Field(
        0.3, gt=0, description="Portal monitor reading that calls for nuclide analysis (µSv/h)."
    )
    ore_weight_tolerance_pct: float = Field(
        3.0, ge=0, description="Measured vs declared ore weight beyond which goods mismatch (%)."
    )
    ore_lab_limits: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {
            "fe_pct": {"min": 50.0},
            "moisture_pct": {"max": 12.0},
            "sio2_pct": {"max": 12.0},
            "al2o3_pct": {"max": 6.0},
            "pb_pct": {"max": 0.2},
            "as_pct": {"max": 0.1},
            "f_pct": {"max": 0.2},
            "cd_pct": {"max": 0.005},
            "hg_pct": {"max": 0.002},
            "cl_pct": {"max": 0.2},
        },
        description='Ore lab limits per analyte (% by mass) as {"min": x} or {"max": x}.',
    )
    ore_disposal_days: int = Field(
        30, ge=1, description="Days to return, destroy or rectify ore that failed after release."
    )
    notify_max_attempts: int = Field(
        8, ge=1, description="Webhook attempts before a delivery is dead-lettered."
    )
    notify_backoff_seconds: float = Field(
        30.0, ge=0, description="Wait after the first failed webhook attempt; doubles each time."
    )
    notify_backoff_cap_seconds: float = Field(
        6 * 3600.0, ge=0, description="Longest wait between two webhook attempts."
    )
    notify_timeout_seconds: float = Field(5.0, gt=0, description="Timeout of one webhook request.")
    notify_workers: int = Field(
        8, ge=1, le=64, description="Webhook requests sent in parallel (to different streams)."
    )
    notify_claim_grace_seconds: float = Field(
        30.0,
        gt=0,
        description="Margin a webhook claim's lease keeps beyond its requests' timeouts; a "
        "server killed mid-send has its deliveries taken over once the lease runs out.",
    )
    notify_claim_batch: int = Field(
        500,
        ge=1,
        le=10_000,
        description="Most deliveries one pass of `clearway serve`'s relay claims; smaller "
        "batches spread a backlog over the servers sharing one database.",
    )
    webhook_allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Host names (or addresses) webhooks may reach although they resolve to "
        "loopback, link-local, private, multicast or unspecified addresses, refused otherwise "
        'outside development (JSON list, e.g. ["hooks.internal"]).',
    )
    notify_stream_run: int = Field(
        20, ge=1, description="Most deliveries of one stream sent in order in one pass."
    )
    notify_replay_window_seconds: int = Field(
        300, ge=1, description="Replay window told to subscribers for signature timestamps."
    )
    notify_background_seconds: float = Field(
        5.0,
        ge=0,
        description="Outbox pass interval of `clearway serve`; 0 leaves delivery to "
        "`clearway notifications deliver`.",
    )
    nats_url: str | None = Field(
        None, description="NATS server to relay events to JetStream (nats://…); unset: no relay."
    )
    nats_stream: str = Field("CLEARWAY", description="JetStream stream the relay publishes to.")
    nats_subject_prefix: str = Field("clearway", description="Subject prefix of relayed events.")
    web_session_minutes: int = Field(
        480, ge=5, le=7 * 24 * 60, description="Lifetime of a web portal sign-in (cookie session)."
    )
    sign_in_failures_per_username: int = Field(
        5,
        ge=1,
        description="Failed sign-ins one username may have within the window before further "
        "tries (API token and portal alike) are refused with 429.",
    )
    sign_in_failures_per_address: int = Field(
        20,
        ge=1,
        description="Failed sign-ins from one client address within the window before its "
        "further tries are refused with 429.",
    )
    sign_in_window_seconds: int = Field(
        900, ge=1, description="Sliding window over which failed sign-ins are counted."
    )
    web_secure_cookie: bool = Field(
        False,
        description="Send the portal's session cookie over HTTPS only (always on in production).",
    )

    @model_validator(mode="after")
    def _one_sqlite_server(self) -> Settings:
        refusal = server_processes_refusal(self.database_url, self.serve_workers)
        if refusal:
            raise ValueError(refusal)
        return self

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.env != "development" and (
            self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32
        ):
            raise ValueError(
                "CLEARWAY_SECRET_KEY must be set to a random value of 32+ characters outside "
                "development"
            )
        if self.env != "development" and self.secret_encryption_key == DEFAULT_ENCRYPTION_KEY:
            raise ValueError(
                "CLEARWAY_SECRET_ENCRYPTION_KEY must be set to a fresh Fernet key outside "
                "development"
            )
        return self


def server_processes_refusal(database_url: str, processes: int) -> str | None:
    """Why this many server processes cannot serve this database, if they cannot."""
    if processes > 1 and database_url.startswith("sqlite"):
        return (
            "more than one server process needs PostgreSQL: SQLite lets one process write at "
            "a time, and its writers queue on a lock inside the one server process"
        )
    return None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process (tests build their own)."""
    return Settings()
