"""The referrer's cabinet: the personal link, counters, the referrals list, payout settings, profile."""

import io
from urllib.parse import quote, urlencode

import segno
from flask import (Blueprint, current_app, flash, make_response, redirect, render_template, request, send_file,
                   session, url_for)
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectChoice, StringField, TelField
from wtforms.validators import (DataRequired, Email, EqualTo, Length, Optional, StopValidation,
                                ValidationError)

from webapp import accounts, content, validators
from webapp.auth import new_password_rules, start_session
from webapp.forms import CompanyContactForm, checked_by, lower, status_for, strip
from webapp.htmx import is_htmx, page_or_fragment
from webapp.leads import record_lead
from webapp.models import PayoutDetails, Referrer, db, utcnow
from webapp.passwords import verify_password
from webapp.programme import REJECTION_REASONS
from webapp.referrals import counters, referrals, referrals_version
from webapp.tracking import referral_url

bp = Blueprint("cabinet", __name__, url_prefix="/cabinet")

REWARD_FORMATS = {"money": "Деньгами", "certificates": "Подарочными сертификатами"}
# Rule 13: the referrer gives their tax status; the payout page says what each one means.
TAX_STATUSES = {
    "individual": "Физическое лицо",
    "self_employed": "Самозанятый (НПД)",
    "sole_trader": "Индивидуальный предприниматель (ИП)",
}


def choices(labels):
    return [SelectChoice(value, label) for value, label in labels.items()]


@bp.before_request
@login_required
def require_login():
    """Every page of the cabinet needs a logged-in referrer."""


@bp.after_request
def private(response):
    # Personal pages: never kept by shared caches, nor shown from the back-button cache after log-out.
    response.headers.setdefault("Cache-Control", "private, no-store")
    return response


def share_links(text, url):
    """Links that open Telegram, WhatsApp or the mail app with the message and the link filled in."""
    full = f"{text} {url}"
    return {
        "telegram": "https://t.me/share/url?" + urlencode({"url": url, "text": text}, quote_via=quote),
        "whatsapp": "https://wa.me/?" + urlencode({"text": full}, quote_via=quote),
        "email": "mailto:?" + urlencode({"subject": "Знакомство с Giftery", "body": full}, quote_via=quote),
    }


class HandoffForm(CompanyContactForm):
    confirm = BooleanField(validators=[
        DataRequired("Подтверди, что человек согласен, чтобы Giftery с ним связалась")])


def handoff_form():
    """An empty form with a new submission key (never filled from the request being answered)."""
    form = HandoffForm(prefix="handoff", formdata=None)
    form.fresh_submission_key()
    return form


@bp.get("")
def index():
    link = referral_url(current_user)
    messages = [
        {"persona": p, "text": f"{p.message} {link}", "share": share_links(p.message, link)}
        for p in content.personas(current_app.jinja_env)
    ]
    return render_template(
        "cabinet/index.html", link=link, qr_svg=segno.make(link, error="m").svg_inline(scale=4, dark="#1b1930"),
        messages=messages, counters=counters(current_user), handoff=handoff_form(),
        referrals=referrals(current_user),
    )


@bp.get("/referrals")
def referrals_list():
    """The referrals list the cabinet polls; 304 while nothing changed since the browser's copy."""
    etag = referrals_version(current_user)
    if request.if_none_match.contains(etag):
        response = make_response("", 304)
    else:
        response = page_or_fragment("cabinet/referrals.html", "cabinet/_referrals.html",
                                    referrals=referrals(current_user))
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("HX-Request")
    return response


@bp.route("/handoff", methods=["GET", "POST"])
def handoff():
    """«Передать контакт»: a company handed over without a link. With htmx the new row appears in the
    referrals list at once (an out-of-band swap of the same partial the page includes)."""
    form = HandoffForm(prefix="handoff")
    if form.validate_on_submit():
        lead, _ = record_lead(form.contact(), source="handoff", referrer=current_user,
                              first_touch_at=None, submission_key=form.submission_key.data or None)
        message = handoff_message(lead)
        if is_htmx():
            response = make_response(render_template(
                "cabinet/_handoff_sent.html", handoff=handoff_form(), message=message, oob=True,
                referrals=referrals(current_user)))
            response.vary.add("HX-Request")
            return response
        flash(message, "success" if lead.stage != "rejected" else "info")
        return redirect(url_for("cabinet.index") + "#referrals", 303)
    form.fresh_submission_key()
    return page_or_fragment("cabinet/handoff.html", "cabinet/_handoff.html", status=status_for(form), handoff=form)


def handoff_message(lead):
    if lead.stage == "rejected":
        return f"Контакт «{lead.company}» записан, но не засчитан: {REJECTION_REASONS[lead.rejection_reason].lower()}"
    return f"Контакт «{lead.company}» передан: мы свяжемся и будем держать тебя в курсе здесь"


@bp.get("/qr.<kind>")
def qr(kind):
    if kind not in ("svg", "png"):
        return "", 404
    buffer = io.BytesIO()
    segno.make(referral_url(current_user), error="m").save(buffer, kind=kind, scale=10, border=4, dark="#1b1930")
    buffer.seek(0)
    return send_file(buffer, mimetype="image/svg+xml" if kind == "svg" else "image/png", as_attachment=True,
                     download_name=f"giftery-link.{kind}", max_age=0)


# Payout settings ---------------------------------------------------------------------------------


def mask(value, keep=4):
    """«•••• 4567»: enough to recognise saved details, not enough to copy them."""
    return f"•••• {value[-keep:]}" if value else ""


def required_when(condition, message):
    """Required only when `condition(form)` holds (money needs bank details, certificates an e-mail)."""

    def validator(form, field):
        if not (field.data or "").strip() and condition(form):
            raise StopValidation(message)

    return validator


def _money(form):
    return form.reward_format.data == "money"


def _bik_for_check(form):
    try:
        return validators.bik(form.bik.data or "")
    except validators.Invalid:
        return None


def _saved_account_matches(form, field):
    """With the account left blank, the saved one must suit the (new) BIK."""
    saved = form.saved
    if field.data and not form.account.data and saved and saved.account:
        if not validators.account_matches_bik(saved.account, field.data):
            raise ValidationError("Сохранённый счёт не подходит к этому БИК: укажи и новый номер счёта")


class PayoutForm(FlaskForm):
    reward_format = RadioField("Формат вознаграждения", choices=choices(REWARD_FORMATS),
                               validators=[DataRequired("Выбери, как получать вознаграждение")])
    tax_status = RadioField("Налоговый статус", choices=choices(TAX_STATUSES),
                            validators=[DataRequired("Выбери свой налоговый статус")])
    full_name = StringField("ФИО получателя", filters=[strip], validators=[
        required_when(_money, "Укажи ФИО, как в документах"), Optional(), checked_by(validators.full_name)])
    inn = StringField("ИНН", filters=[strip], validators=[
        required_when(lambda f: _money(f) and not (f.saved and f.saved.inn), "Укажи ИНН: 12 цифр"),
        Optional(), checked_by(validators.personal_inn)])
    bik = StringField("БИК банка", filters=[strip], validators=[
        required_when(_money, "Укажи БИК: 9 цифр, есть в реквизитах счёта"), Optional(),
        checked_by(validators.bik), _saved_account_matches])
    account = StringField("Номер счёта", filters=[strip], validators=[
        required_when(lambda f: _money(f) and not (f.saved and f.saved.account), "Укажи номер счёта: 20 цифр"),
        Optional(), checked_by(validators.settlement_account, _bik_for_check)])
    bank_name = StringField("Банк", filters=[strip], validators=[
        required_when(_money, "Укажи название банка"), Optional(), Length(max=200, message="Не длиннее 200 символов")])
    ogrnip = StringField("ОГРНИП", filters=[strip], validators=[
        required_when(lambda f: _money(f) and f.tax_status.data == "sole_trader", "Для ИП нужен ОГРНИП: 15 цифр"),
        Optional(), checked_by(validators.ogrnip)])
    certificate_email = EmailField("E-mail для сертификатов", filters=[lower], validators=[
        required_when(lambda f: f.reward_format.data == "certificates", "Укажи e-mail, куда прислать сертификаты"),
        Optional(), Email("Проверь адрес: в нём должны быть @ и домен")])

    def __init__(self, *args, saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved = saved

    def check_field(self, name):
        """Run one field's validators, as the submit will (used while the person fills the form)."""
        field = self[name]
        field.validate(self)
        return field


def saved_details(referrer):
    return PayoutDetails.get_or_none(PayoutDetails.referrer == referrer)


def payout_form(details):
    if request.method == "POST":
        return PayoutForm(saved=details)
    return PayoutForm(saved=details, data={
        "reward_format": current_user.reward_format,
        "tax_status": current_user.tax_status,
        "full_name": details.full_name if details else None,
        "bik": details.bik if details else None,
        "bank_name": details.bank_name if details else None,
        "ogrnip": details.ogrnip if details else None,
        "certificate_email": (details.certificate_email if details else None) or current_user.email,
    })


@bp.route("/payout", methods=["GET", "POST"])
def payout():
    details = saved_details(current_user)
    form = payout_form(details)
    if form.validate_on_submit():
        save_payout_details(current_user, form, details)
        flash("Настройки выплат сохранены", "success")
        return redirect(url_for("cabinet.payout"), 303)
    return render_template("cabinet/payout.html", form=form, details=details, mask=mask, tax_notes=tax_notes(),
                           tax_labels=TAX_STATUSES), status_for(form)


@bp.post("/payout/check")
def payout_check():
    """One field checked when it loses focus (htmx): the same validators as on submit."""
    form = PayoutForm(saved=saved_details(current_user))
    name = request.headers.get("HX-Trigger-Name") or request.args.get("field", "")
    if name not in form or name in ("csrf_token", "reward_format", "tax_status"):
        return "", 400
    details = form.saved
    return render_template("cabinet/_payout_field.html", field=form.check_field(name), mask=mask,
                           saved_value=getattr(details, name, None) if name in ("inn", "account") else None)


def tax_notes():
    module = current_app.jinja_env.get_template("content/tax_statuses.html").module
    return {"individual": module.individual, "self_employed": module.self_employed, "sole_trader": module.sole_trader}


def save_payout_details(referrer, form, details):
    """Store the choice and the details; blank secret fields keep what was saved before."""
    money = form.reward_format.data == "money"
    with db.atomic():
        Referrer.update(reward_format=form.reward_format.data, tax_status=form.tax_status.data).where(
            Referrer.id == referrer.id).execute()
        values = {
            "full_name": form.full_name.data or None,
            "bik": form.bik.data or None,
            "bank_name": form.bank_name.data or None,
            "ogrnip": (form.ogrnip.data or None) if form.tax_status.data == "sole_trader" else None,
            "certificate_email": form.certificate_email.data or None,
            "updated_at": utcnow(),
        }
        if form.inn.data or not money:
            values["inn"] = form.inn.data or (details.inn if details else None)
        if form.account.data:
            values["account"] = form.account.data
        if details is None:
            PayoutDetails.create(referrer=referrer, **values)
        else:
            PayoutDetails.update(**values).where(PayoutDetails.id == details.id).execute()


# Profile -----------------------------------------------------------------------------------------


class ProfileForm(FlaskForm):
    name = StringField("Имя", filters=[strip], validators=[
        DataRequired("Как к тебе обращаться?"), Length(max=100, message="Не длиннее 100 символов")])
    phone = TelField("Телефон", filters=[strip], validators=[Optional(), checked_by(validators.phone)])


class PasswordForm(FlaskForm):
    current = PasswordField("Текущий пароль", validators=[DataRequired("Введи текущий пароль")])
    password = PasswordField("Новый пароль", validators=[DataRequired("Придумай новый пароль"), new_password_rules])
    confirm = PasswordField("Новый пароль ещё раз", validators=[
        DataRequired("Повтори новый пароль"), EqualTo("password", "Пароли не совпадают")])


class DeleteForm(FlaskForm):
    password = PasswordField("Пароль", validators=[DataRequired("Введи пароль, чтобы подтвердить")])
    confirm = BooleanField(validators=[DataRequired("Отметь, что понимаешь последствия")])


def render_profile(status=200, **forms):
    forms.setdefault("profile_form", ProfileForm(prefix="profile", obj=current_user))
    forms.setdefault("password_form", PasswordForm(prefix="password"))
    forms.setdefault("delete_form", DeleteForm(prefix="delete"))
    return render_template("cabinet/profile.html", **forms), status


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    form = ProfileForm(prefix="profile", obj=current_user)
    if form.validate_on_submit():
        Referrer.update(name=form.name.data, phone=form.phone.data or None).where(
            Referrer.id == current_user.id).execute()
        flash("Профиль сохранён", "success")
        return redirect(url_for("cabinet.profile"), 303)
    return render_profile(status_for(form), profile_form=form)


@bp.post("/password")
def change_password():
    form = PasswordForm(prefix="password")
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.current.data):
            accounts.set_password(current_user, form.password.data)
            start_session(current_user)
            flash("Пароль изменён. Все прежние входы на других устройствах закрыты", "success")
            return redirect(url_for("cabinet.profile"), 303)
        form.current.errors.append("Текущий пароль не подходит")
    return render_profile(422, password_form=form)


@bp.post("/delete")
def delete_account():
    form = DeleteForm(prefix="delete")
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            accounts.delete_account(current_user)
            logout_user()
            session.clear()
            flash("Аккаунт удалён, личные данные обезличены", "info")
            return redirect(url_for("landing.index"), 303)
        form.password.errors.append("Пароль не подходит")
    return render_profile(422, delete_form=form)
