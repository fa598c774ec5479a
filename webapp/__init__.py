"""The Giftery referral programme web app."""

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import config, pagecache, ratelimits, typography
from webapp.assets import YEAR, static_url
from webapp.extensions import csrf, htmx_extension, login_manager
from webapp.models import db, open_database
from webapp.security import add_security_headers

class App(Flask):
    def get_send_file_max_age(self, filename):
        # Versioned static URLs (assets.static_url) never change content, so they may be cached for a year.
        return YEAR if request.args.get("v") else 300


def create_app(test_config=None):
    settings = config.load(test_config)
    app = App(
        __name__,
        instance_path=settings["INSTANCE_PATH"],
        template_folder=str(settings.get("TEMPLATE_FOLDER") or config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
    )
    app.config.update(settings)

    open_database(app.config["DATABASE_URL"])
    csrf.init_app(app)
    htmx_extension.init_app(app)
    pagecache.init_app(app)
    _setup_templates(app)

    from webapp import auth, cabinet, cli, errors, landing, tracking

    login_manager.init_app(app)
    login_manager.user_loader(auth.load_user)
    login_manager.unauthorized_handler(auth.unauthorized)

    app.register_blueprint(landing.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(cabinet.bp)
    app.register_blueprint(tracking.bp)
    ratelimits.init_app(app)
    errors.register(app)
    cli.register(app)

    @app.teardown_appcontext
    def close_database(exc):
        if not db.is_closed():
            db.close()

    app.after_request(add_security_headers)
    app.wsgi_app = tracking.ReferralLinks(app.wsgi_app, app)
    if app.config["PROXY_COUNT"]:
        # Behind N reverse proxies: take the client's address and scheme from their headers.
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    return app


def _setup_templates(app):
    env = app.jinja_env
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters.update(
        rub=typography.rub,
        percent=typography.percent,
        business_days=typography.business_days,
        within_business_days=typography.within_business_days,
        days=typography.days,
        ru_date=typography.ru_date,
    )
    env.globals.update(static_url=static_url, terms=app.config["TERMS"])
