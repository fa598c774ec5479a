"""Public pages: the landing with its persona tabs, and the Programme Rules."""

from flask import Blueprint, current_app, jsonify, render_template, request
from peewee import DatabaseError

from webapp import content
from webapp.htmx import page_or_fragment
from webapp.models import db
from webapp.pagecache import cached_for_visitors
from webapp.programme import STAGES

bp = Blueprint("landing", __name__)


@bp.get("/")
@cached_for_visitors
def index():
    personas = content.personas(current_app.jinja_env)
    persona = content.pick(personas, request.args.get("persona"))
    return page_or_fragment(
        "landing/index.html", "landing/_personas.html", personas=personas, persona=persona, stages=STAGES
    )


@bp.get("/rules")
@cached_for_visitors
def rules():
    return render_template("landing/rules.html", stages=STAGES)


@bp.get("/healthz")
def healthz():
    """For load balancers: 200 when the app can reach its database, 503 when it cannot."""
    try:
        db.execute_sql("SELECT 1")
    except DatabaseError:
        return jsonify(status="database unavailable"), 503
    return jsonify(status="ok")
