"""Public pages: the landing with its persona tabs, the Programme Rules, the page for companies."""

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from peewee import DatabaseError
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired

from webapp import content, tracking
from webapp.forms import CompanyContactForm, status_for
from webapp.htmx import page_or_fragment
from webapp.leads import live_referrer, record_lead
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


class BusinessRequestForm(CompanyContactForm):
    consent = BooleanField(validators=[DataRequired("Нужно согласие на обработку персональных данных")])
    # A field people never see (hidden by the stylesheet); bots that fill every field fill it.
    website = StringField("Сайт")


@bp.route("/business", methods=["GET", "POST"])
def business():
    """The page for companies: what Giftery does, and a request that becomes a lead."""
    form = BusinessRequestForm()
    if form.validate_on_submit():
        if not form.website.data:
            touch = tracking.first_touch()
            referrer = live_referrer(touch[0]) if touch else None
            record_lead(
                form.contact(), source="link" if referrer else "direct", referrer=referrer,
                first_touch_at=touch[1] if referrer else None,
                in_referrers_own_session=bool(referrer) and current_user.is_authenticated
                and current_user.id == referrer.id,
                submission_key=form.submission_key.data or None,
            )
        return redirect(url_for("landing.business_sent"), 303)
    form.fresh_submission_key()
    return render_template("landing/business.html", form=form), status_for(form)


@bp.get("/business/sent")
def business_sent():
    return render_template("landing/business_sent.html")
