"""Settings, read from environment variables only (the README holds the table)."""
from __future__ import annotations

import datetime as dt
import math
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from shared import retries

SERVICES = ("cohorts", "consultations", "fairs")
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_RETRY_BASE_SECONDS = 4.0


class ConfigError(RuntimeError):
    pass


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _number(name: str, default: str, kind: type = float, *, least: float = 0, what: str = "a number") -> float:
    """A numeric setting; a value that is not one, or below ``least``, stops the service naming the variable."""
    raw = _env(name, default)
    try:
        value = kind(raw.strip())
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or value < least:
        raise ConfigError(f"{name} must be {what}, not {raw!r}")
    return value


def _embedded_secret(var_dir: Path) -> str:
    """In the embedded mode the secret is generated once and kept under var/."""
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_urlsafe(48))
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # first process wins; the others read its secret
        except FileExistsError:
            pass
        tmp.unlink(missing_ok=True)
    return path.read_text().strip()


EMBEDDED_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Settings:
    service: str
    embedded: bool
    var_dir: Path
    secret_key: str
    database_url: str
    broker_url: str
    broker_prefix: str
    pool_size: int
    relay_batch_size: int
    relay_poll_seconds: float
    relay_lease_seconds: float
    consumer_max_attempts: int
    retry_base_seconds: float
    token_ttl_seconds: int
    log_level: str
    log_format: str
    admin_email: str | None
    admin_password: str | None
    mail_url: str | None
    cookie_secure: bool = False
    broker_heartbeat_seconds: int = 30
    testing: bool = False
    # where people reach the system: every link that leaves it (mail, QR code) starts with this
    public_url: str = "http://localhost"
    # Host headers answered; empty: the public URL's host only
    allowed_hosts: tuple[str, ...] = ()
    hsts_seconds: int = 0  # Strict-Transport-Security max-age, once served over TLS
    metrics_token: str | None = None  # what Prometheus sends as a bearer token to /metrics
    proxy_hops: int = 0  # trusted gateways in front (X-Forwarded-For/-Proto/-Host read from that many)
    # how long sent outbox rows and processed inbox ids are kept before the worker deletes them
    outbox_keep_days: float = 7.0
    inbox_keep_days: float = 30.0

    def __post_init__(self):
        _check_keep(self)

    @property
    def outbox_keep(self) -> dt.timedelta:
        return dt.timedelta(days=self.outbox_keep_days)

    @property
    def inbox_keep(self) -> dt.timedelta:
        return dt.timedelta(days=self.inbox_keep_days)

    @property
    def retry_budget(self) -> dt.timedelta:
        """From an event's first failure to its last retry: the latest a failed event is applied."""
        return dt.timedelta(seconds=retries.budget_seconds(self.retry_base_seconds, self.consumer_max_attempts))

    @property
    def broker_transport_options(self) -> dict:
        if self.broker_url.startswith("filesystem"):
            folder = self.var_dir / "broker"
            return {
                "data_folder_in": str(folder / "messages"),
                "data_folder_out": str(folder / "messages"),
                "control_folder": str(folder / "control"),
                "processed_folder": str(folder / "processed"),
                "store_processed": True,
                # kombu looks for a new file every second by default: a consumer would see an event up to a second
                # late. Every 50 ms costs a listing of the (small) messages folder, about 20 µs, 20 times a second
                "polling_interval": EMBEDDED_POLL_SECONDS,
            }
        return {}

    @classmethod
    def from_env(cls, service: str, **overrides) -> "Settings":
        if service not in SERVICES:
            raise ConfigError(f"unknown service {service!r}")
        embedded = _bool("ROSTOK_EMBEDDED", False)
        var_dir = Path(_env("ROSTOK_VAR_DIR", "var")).resolve()
        if embedded:
            # databases, WAL files, the secret and the broker's messages under var/ are this user's alone
            os.umask(0o077)
        secret = _env("ROSTOK_SECRET_KEY")
        if secret is None:
            if not embedded and not overrides.get("testing"):
                raise ConfigError(
                    "ROSTOK_SECRET_KEY is not set (it has no default outside the embedded mode)"
                )
            secret = _embedded_secret(var_dir)
        elif not embedded and not overrides.get("testing"):
            _check_secret(secret)
        db_var = f"ROSTOK_{service.upper()}_DATABASE_URL"
        database_url = _env(db_var)
        if database_url is None:
            if not embedded:
                raise ConfigError(f"{db_var} is not set")
            database_url = f"sqlite:///{var_dir / (service + '.db')}"
        broker_url = _env("ROSTOK_BROKER_URL")
        if broker_url is None:
            if not embedded:
                raise ConfigError("ROSTOK_BROKER_URL is not set")
            broker_url = "filesystem://"
        values = dict(
            service=service,
            embedded=embedded,
            var_dir=var_dir,
            secret_key=secret,
            database_url=database_url,
            broker_url=broker_url,
            broker_prefix=_env("ROSTOK_BROKER_PREFIX", "rostok"),
            pool_size=int(_env("ROSTOK_DB_POOL_SIZE", "5")),
            relay_batch_size=int(_env("ROSTOK_RELAY_BATCH_SIZE", "500")),
            relay_poll_seconds=float(_env("ROSTOK_RELAY_POLL_SECONDS", "0.5" if database_url.startswith("sqlite") else "5")),
            relay_lease_seconds=float(_env("ROSTOK_RELAY_LEASE_SECONDS", "30")),
            # a failed event is tried 8 times over about 8.5 minutes (4 s, 8 s ... 256 s apart) before it is dead:
            # long enough for a dependency held up elsewhere (a relay catching up, a redeploy) to arrive
            consumer_max_attempts=_number("ROSTOK_CONSUMER_MAX_ATTEMPTS", str(DEFAULT_MAX_ATTEMPTS), int, least=1,
                                          what="a whole number, at least 1"),
            retry_base_seconds=_number("ROSTOK_RETRY_BASE_SECONDS", str(DEFAULT_RETRY_BASE_SECONDS), least=0,
                                       what="a number of seconds"),
            outbox_keep_days=_number("ROSTOK_OUTBOX_KEEP_DAYS", "7", what="a number of days"),
            inbox_keep_days=_number("ROSTOK_INBOX_KEEP_DAYS", "30", what="a number of days"),
            token_ttl_seconds=int(_env("ROSTOK_TOKEN_TTL_SECONDS", str(12 * 3600))),
            log_level=_env("ROSTOK_LOG_LEVEL", "INFO"),
            log_format=_env("ROSTOK_LOG_FORMAT", "json"),
            admin_email=_env("ROSTOK_ADMIN_EMAIL"),
            admin_password=_env("ROSTOK_ADMIN_PASSWORD"),
            mail_url=_env("ROSTOK_MAIL_URL"),
            cookie_secure=_bool("ROSTOK_COOKIE_SECURE", False),
            broker_heartbeat_seconds=int(_env("ROSTOK_BROKER_HEARTBEAT_SECONDS", "30")),
        )
        port = _env("ROSTOK_PORT", "8000")
        public_url = _env("ROSTOK_PUBLIC_URL", f"http://127.0.0.1:{port}" if embedded else None)
        if public_url is None and not overrides.get("testing"):
            raise ConfigError("ROSTOK_PUBLIC_URL is not set (links in mails and QR codes are built from it)")
        values["public_url"] = _public_url(public_url or "http://localhost")
        values["allowed_hosts"] = tuple(
            h.strip().lower() for h in (_env("ROSTOK_ALLOWED_HOSTS", "") or "").split(",") if h.strip()
        ) or (EMBEDDED_HOSTS + (urlsplit(values["public_url"]).hostname,) if embedded else ())
        values["hsts_seconds"] = int(_env("ROSTOK_HSTS_SECONDS", "0"))
        values["metrics_token"] = _env("ROSTOK_METRICS_TOKEN")
        values["proxy_hops"] = int(_env("ROSTOK_PROXY_HOPS", "0"))
        values.update(overrides)
        return cls(**values)


# the embedded mode serves this machine only, under whichever name the browser uses for it
EMBEDDED_HOSTS = ("127.0.0.1", "localhost", "::1")
MIN_SECRET_LENGTH = 32
# values that documentation and examples show: a key anyone can read signs tokens anyone can forge
_PLACEHOLDER_MARKERS = ("change-me", "changeme", "<long random string>", "example", "placeholder")


def _check_secret(secret: str) -> None:
    if len(secret) < MIN_SECRET_LENGTH or any(m in secret.lower() for m in _PLACEHOLDER_MARKERS) or len(set(secret)) < 10:
        raise ConfigError(
            f"ROSTOK_SECRET_KEY must be a random string of at least {MIN_SECRET_LENGTH} characters, not a placeholder "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )


def _check_keep(settings: Settings) -> None:
    """The inbox outlives any redelivery: a row the relay may still resend, or a failed event still retried.

    An event id forgotten while its event can still arrive is applied a second time."""
    for name, days in (("ROSTOK_OUTBOX_KEEP_DAYS", settings.outbox_keep_days), ("ROSTOK_INBOX_KEEP_DAYS", settings.inbox_keep_days)):
        if not days > 0:
            raise ConfigError(f"{name} must be a number of days above 0, not {days!r}")
    if settings.inbox_keep < settings.outbox_keep:
        raise ConfigError(
            f"ROSTOK_INBOX_KEEP_DAYS ({settings.inbox_keep_days:g}) must be at least ROSTOK_OUTBOX_KEEP_DAYS "
            f"({settings.outbox_keep_days:g}): an event id would be forgotten while its outbox row is still kept"
        )
    if settings.inbox_keep < settings.retry_budget:
        raise ConfigError(
            f"ROSTOK_INBOX_KEEP_DAYS ({settings.inbox_keep_days:g}) must be at least the retry budget "
            f"({settings.retry_budget}: ROSTOK_CONSUMER_MAX_ATTEMPTS and ROSTOK_RETRY_BASE_SECONDS): "
            "an event id would be forgotten while a failed event is still retried"
        )


def _public_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"ROSTOK_PUBLIC_URL must be an http(s) address, not {value!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
