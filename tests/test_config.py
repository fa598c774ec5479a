import pytest

from webapp import config
from webapp.programme import Terms


def test_defaults_run_locally_with_no_set_up(tmp_path):
    settings = config.load(environ={"INSTANCE_PATH": str(tmp_path)})
    assert settings["APP_ENV"] == "development"
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'giftery.db'}"
    assert settings["TERMS"] == Terms()
    assert settings["SESSION_COOKIE_SECURE"] is False


def test_development_secret_key_is_generated_once_and_kept(tmp_path):
    first = config.load(environ={"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    second = config.load(environ={"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    assert len(first) == 64 and first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        config.load(environ={"INSTANCE_PATH": str(tmp_path), "APP_ENV": "production"})
    assert not (tmp_path / "secret_key").exists()


def test_production_with_a_secret_key_uses_secure_cookies(tmp_path):
    settings = config.load(environ={"INSTANCE_PATH": str(tmp_path), "APP_ENV": "production", "SECRET_KEY": "k" * 40})
    assert settings["SECRET_KEY"] == "k" * 40
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_programme_terms_come_from_the_environment(tmp_path):
    settings = config.load(environ={
        "INSTANCE_PATH": str(tmp_path), "AVERAGE_REWARD_RUB": "7500", "PAYOUT_BUSINESS_DAYS": "5",
        "CERTIFICATE_BONUS_PERCENT": "15", "ATTRIBUTION_WINDOW_DAYS": "60"})
    assert settings["TERMS"] == Terms(average_reward_rub=7500, payout_business_days=5,
                                      certificate_bonus_percent=15, attribution_window_days=60)


@pytest.mark.parametrize("value", ["", "abc", "0", "-5", "1.5"])
def test_a_malformed_amount_stops_the_app_with_a_clear_message(tmp_path, value):
    with pytest.raises(config.ConfigError, match="AVERAGE_REWARD_RUB must be a positive whole number"):
        config.load(environ={"INSTANCE_PATH": str(tmp_path), "AVERAGE_REWARD_RUB": value})
