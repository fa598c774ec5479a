"""Rate limits on the forms bots hammer: log-in, sign-up, password reset, the company request.

Built on `limits` (the engine under Flask-Limiter) and applied to those endpoints only: Flask-Limiter
hooks into every request, which cost a fifth of the time of a click on a referral link. Counters live
in memory by default and in Redis when RATELIMIT_STORAGE_URI says so, so several hosts share them.
"""

from functools import wraps

from flask import abort, request
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

# endpoint -> the setting that holds its limits ("10 per minute;50 per hour"); only submissions count.
LIMITS = {
    "auth.signup": "SIGNUP_RATE_LIMIT",
    "auth.login": "LOGIN_RATE_LIMIT",
    "auth.reset_request": "RESET_RATE_LIMIT",
    "auth.reset_password": "RESET_RATE_LIMIT",
    "landing.business": "BUSINESS_RATE_LIMIT",
}


def limited(view, limiter, items, prefix, endpoint):
    """The view, answering 429 (the site's error page) once the client's address used up a limit."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.method == "POST":
            who = request.remote_addr or "unknown"
            for item in items:
                if not limiter.hit(item, prefix, endpoint, who):
                    abort(429)
        return view(*args, **kwargs)

    return wrapper


def init_app(app):
    config = app.config
    if not config["RATELIMIT_ENABLED"]:
        return
    limiter = MovingWindowRateLimiter(storage_from_string(config["RATELIMIT_STORAGE_URI"]))
    for endpoint, setting in LIMITS.items():
        app.view_functions[endpoint] = limited(app.view_functions[endpoint], limiter, parse_many(config[setting]),
                                               config["RATELIMIT_KEY_PREFIX"], endpoint)
