"""Rate limits on the forms bots hammer: log-in, sign-up, password reset.

One Limiter per app (Flask-Limiter keeps its storage on the instance), with counters in memory by
default and in Redis when RATELIMIT_STORAGE_URI says so, so several hosts share them.
"""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# endpoint -> the setting that holds its limit; only submissions (POST) count.
LIMITS = {
    "auth.signup": "SIGNUP_RATE_LIMIT",
    "auth.login": "LOGIN_RATE_LIMIT",
    "auth.reset_request": "RESET_RATE_LIMIT",
    "auth.reset_password": "RESET_RATE_LIMIT",
}


def init_app(app):
    config = app.config
    limiter = Limiter(get_remote_address, app=app, storage_uri=config["RATELIMIT_STORAGE_URI"],
                      key_prefix=config["RATELIMIT_KEY_PREFIX"], enabled=config["RATELIMIT_ENABLED"])
    for endpoint, setting in LIMITS.items():
        limit = limiter.limit(config[setting], methods=["POST"])
        app.view_functions[endpoint] = limit(app.view_functions[endpoint])
    return limiter
