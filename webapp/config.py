"""Settings: defaults, then the environment (a development `.env` file counts), then test overrides."""

import os
import secrets
from pathlib import Path

from dotenv import load_dotenv

from webapp.programme import Terms

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

# Whole-number settings of the programme: name -> (default, Terms field).
TERMS_SETTINGS = {
    "AVERAGE_REWARD_RUB": (5000, "average_reward_rub"),
    "CERTIFICATE_BONUS_PERCENT": (10, "certificate_bonus_percent"),
    "PAYOUT_BUSINESS_DAYS": (3, "payout_business_days"),
    "ATTRIBUTION_WINDOW_DAYS": (90, "attribution_window_days"),
}


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the app refuses to start."""


def load(test_config=None, environ=None):
    """Return the settings mapping for `create_app`."""
    if environ is None:
        load_dotenv(ROOT / ".env")
        environ = os.environ
    overrides = dict(test_config or {})
    instance = Path(overrides.pop("INSTANCE_PATH", None) or environ.get("INSTANCE_PATH") or INSTANCE)

    def setting(name, default=None):
        if name in overrides:
            return overrides[name]
        return environ.get(name, default)

    production = setting("APP_ENV", "development") == "production"
    config = {
        "APP_ENV": "production" if production else "development",
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": setting("SECRET_KEY") or _secret_key(instance, production),
        "DATABASE_URL": setting("DATABASE_URL") or f"sqlite:///{instance / 'giftery.db'}",
        "PROGRAMME_NAME": setting("PROGRAMME_NAME", "Реферальная программа Giftery"),
        "SITE_URL": (setting("SITE_URL") or "").rstrip("/"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PASSWORD_RESET_MAX_AGE": 3600,
        # Rate-limit counters: in memory by default, shared through Redis when set (redis://host:6379/0).
        "RATELIMIT_STORAGE_URI": setting("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_KEY_PREFIX": setting("RATELIMIT_KEY_PREFIX") or "giftery",
        "CLICK_REPEAT_MINUTES": _positive_int("CLICK_REPEAT_MINUTES", setting("CLICK_REPEAT_MINUTES", 30)),
        "REFERRAL_TARGET_URL": setting("REFERRAL_TARGET_URL"),
        "BUSINESS_RATE_LIMIT": setting("BUSINESS_RATE_LIMIT") or "10 per 10 minutes;30 per day",
        "PROXY_COUNT": int(setting("PROXY_COUNT") or 0),
        "SIGNUP_RATE_LIMIT": setting("SIGNUP_RATE_LIMIT") or "10 per hour",
        "LOGIN_RATE_LIMIT": setting("LOGIN_RATE_LIMIT") or "10 per minute;50 per hour",
        "RESET_RATE_LIMIT": setting("RESET_RATE_LIMIT") or "5 per 15 minutes",
        "RATELIMIT_ENABLED": setting("RATELIMIT_ENABLED", "1") not in ("0", "false", False),
        # E-mail: SMTP when MAIL_SERVER is set, else .eml files in instance/outbox/.
        "MAIL_SERVER": setting("MAIL_SERVER"),
        "MAIL_PORT": setting("MAIL_PORT"),
        "MAIL_USERNAME": setting("MAIL_USERNAME"),
        "MAIL_PASSWORD": setting("MAIL_PASSWORD"),
        "MAIL_USE_TLS": setting("MAIL_USE_TLS", "1") not in ("0", "false", False),
        "MAIL_FROM": setting("MAIL_FROM") or "Giftery для партнёров <partners@giftery.ru>",
        "SUPPORT_EMAIL": setting("SUPPORT_EMAIL") or "partners@giftery.ru",
    }
    config["TERMS"] = Terms(**{
        field: _positive_int(name, setting(name, default)) for name, (default, field) in TERMS_SETTINGS.items()
    })
    # Anything else a test passes (TESTING, TEMPLATE_FOLDER, ...) goes through as it is.
    config.update({k: v for k, v in overrides.items() if k not in config and k not in TERMS_SETTINGS})
    return config


def _positive_int(name, value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number <= 0:
        raise ConfigError(f"{name} must be a positive whole number, got {value!r}")
    return number


def _secret_key(instance, production):
    """In development, a key generated once and kept in the instance folder; in production, none."""
    if production:
        raise ConfigError("SECRET_KEY must be set when APP_ENV=production")
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: several workers starting at once agree on one key.
        draft = instance / f".secret_key.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
