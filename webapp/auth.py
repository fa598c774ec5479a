"""Sign-up, log-in, log-out and password reset for referrers."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import BooleanField, EmailField, PasswordField, StringField, TelField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from webapp import accounts, mail, validators
from webapp.forms import checked_by, lower, status_for, strip
from webapp.htmx import is_htmx
from webapp.models import Referrer
from webapp.passwords import DUMMY_HASH, MAX_LENGTH, check_new_password, hash_password, verify_password
from webapp.validators import Invalid

bp = Blueprint("auth", __name__)

EMAIL_REQUIRED = "Укажи e-mail"
EMAIL_INVALID = "Проверь адрес: в нём должны быть @ и домен, например anna@company.ru"
PASSWORD_REQUIRED = "Введи пароль"
LOGIN_FAILED = "Неверный e-mail или пароль"


def new_password_rules(form, field):
    email = form.email.data if "email" in form else None
    try:
        check_new_password(field.data or "", email)
    except Invalid as error:
        raise ValidationError(str(error)) from None


class SignupForm(FlaskForm):
    name = StringField("Имя", filters=[strip], validators=[
        DataRequired("Как к тебе обращаться?"), Length(max=100, message="Не длиннее 100 символов")])
    email = EmailField("E-mail", filters=[lower], validators=[
        DataRequired(EMAIL_REQUIRED), Email(EMAIL_INVALID), Length(max=254, message=EMAIL_INVALID)])
    password = PasswordField("Пароль", validators=[DataRequired("Придумай пароль"), new_password_rules])
    phone = TelField("Телефон", filters=[strip], validators=[Optional(), checked_by(validators.phone)])
    accept = BooleanField(validators=[DataRequired(
        "Чтобы участвовать, нужно принять Правила программы и согласие на обработку данных")])


class LoginForm(FlaskForm):
    email = EmailField("E-mail", filters=[lower], validators=[DataRequired(EMAIL_REQUIRED), Email(EMAIL_INVALID)])
    password = PasswordField("Пароль", validators=[DataRequired(PASSWORD_REQUIRED),
                                                   Length(max=MAX_LENGTH, message=LOGIN_FAILED)])
    remember = BooleanField("Запомнить меня на этом устройстве")


class ResetRequestForm(FlaskForm):
    email = EmailField("E-mail", filters=[lower], validators=[DataRequired(EMAIL_REQUIRED), Email(EMAIL_INVALID)])


class NewPasswordForm(FlaskForm):
    password = PasswordField("Новый пароль", validators=[DataRequired("Придумай пароль"), new_password_rules])
    confirm = PasswordField("Ещё раз", validators=[
        DataRequired("Повтори пароль"), EqualTo("password", "Пароли не совпадают")])


def load_user(user_id):
    """Flask-Login's loader: the id carries the session version, so an old cookie finds no one."""
    referrer_id, _, version = user_id.partition(":")
    if not (referrer_id.isdigit() and version.isdigit()):
        return None
    return Referrer.get_or_none((Referrer.id == int(referrer_id)) & (Referrer.session_version == int(version))
                                & Referrer.deleted_at.is_null())


def unauthorized():
    """Not logged in: to the log-in page, and back here afterwards (htmx is told with HX-Redirect)."""
    target = url_for("auth.login", next=request.full_path.rstrip("?"))
    if is_htmx():
        return "", 401, {"HX-Redirect": target}
    flash("Войди, чтобы открыть кабинет", "info")
    return redirect(target)


def safe_next(target):
    """`target` when it is a path on this site, else None (`//evil`, `/\\evil`, `https://`, `javascript:`)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if any(c in target for c in "\\\r\n\t") or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return target if not (parts.scheme or parts.netloc) else None


def start_session(referrer, remember=False):
    """A fresh session for a log-in: nothing from before it is carried over."""
    session.clear()
    login_user(referrer, remember=remember)


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("cabinet.index"))
    form = SignupForm()
    if form.validate_on_submit():
        # Hashing comes first for both outcomes, so a taken address answers as fast as a new one.
        password_hash = hash_password(form.password.data)
        referrer = accounts.register(form.name.data, form.email.data, password_hash, form.phone.data)
        if referrer is None:
            mail.send(form.email.data, "Кто-то пытался зарегистрироваться с вашим адресом",
                      "email/signup_taken.txt", login_url=url_for("auth.login", _external=True),
                      reset_url=url_for("auth.reset_request", _external=True))
        else:
            start_session(referrer)
            mail.send(referrer.email, "Добро пожаловать в партнёрскую программу Giftery", "email/welcome.txt",
                      referrer=referrer, cabinet_url=url_for("cabinet.index", _external=True))
        flash(f"Готово! Письмо с подробностями отправлено на {form.email.data}", "success")
        return redirect(url_for("cabinet.index"), 303)
    return render_template("auth/signup.html", form=form), status_for(form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.args.get("next")) or url_for("cabinet.index")
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    if form.validate_on_submit():
        referrer = accounts.find_by_email(form.email.data)
        if referrer and verify_password(referrer.password_hash, form.password.data):
            accounts.upgrade_hash_if_needed(referrer, form.password.data)
            start_session(referrer, remember=form.remember.data)
            return redirect(target, 303)
        if referrer is None:
            verify_password(DUMMY_HASH, form.password.data)  # as slow as a wrong password
        form.password.errors.append(LOGIN_FAILED)
    return render_template("auth/login.html", form=form), status_for(form)


@bp.post("/logout")
def logout():
    """Log out here and everywhere else: every session and remember-me cookie issued before is refused."""
    if current_user.is_authenticated:
        accounts.end_all_sessions(current_user)
    logout_user()
    session.clear()
    flash("Ты вышел из кабинета на всех устройствах", "info")
    return redirect(url_for("landing.index"), 303)


def reset_serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


@bp.route("/password/reset", methods=["GET", "POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        referrer = accounts.find_by_email(form.email.data)
        if referrer:
            token = reset_serializer().dumps({"id": referrer.id, "pw": accounts.password_fingerprint(referrer)})
            mail.send(referrer.email, "Сброс пароля в кабинете Giftery", "email/reset.txt",
                      reset_url=url_for("auth.reset_password", token=token, _external=True),
                      minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60)
        else:
            # Written to the unknown address too: the answer and the work match those for a known one.
            mail.send(form.email.data, "Сброс пароля в кабинете Giftery", "email/reset_unknown.txt",
                      signup_url=url_for("auth.signup", _external=True))
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/reset_request.html", form=form), status_for(form)


def referrer_for_reset(token):
    """The referrer a reset link is for, while it is fresh and the password has not changed since."""
    try:
        data = reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except BadSignature:
        return None
    referrer = Referrer.get_or_none((Referrer.id == data.get("id")) & Referrer.deleted_at.is_null())
    if referrer is None or accounts.password_fingerprint(referrer) != data.get("pw"):
        return None
    return referrer


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    referrer = referrer_for_reset(token)
    if referrer is None:
        return render_template("auth/reset_invalid.html"), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        accounts.set_password(referrer, form.password.data)
        start_session(referrer)
        flash("Пароль изменён. Все прежние входы на других устройствах закрыты", "success")
        return redirect(url_for("cabinet.index"), 303)
    return render_template("auth/reset_password.html", form=form), status_for(form)


@bp.get("/privacy")
def privacy():
    return render_template("auth/privacy.html")

