"""What forms share: field filters, a bridge from `webapp.validators` to WTForms, the company contact form."""

import secrets

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from webapp import validators
from webapp.leads import Contact
from webapp.validators import Invalid


def strip(value):
    return value.strip() if isinstance(value, str) else value


def lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def checked_by(check, *args):
    """A WTForms validator that runs `check` (from webapp.validators) and keeps its normalized value."""

    def validator(form, field):
        if not field.data:
            return
        try:
            field.data = check(field.data, *(arg(form) if callable(arg) else arg for arg in args))
        except Invalid as error:
            raise ValidationError(str(error)) from None

    return validator


def status_for(form):
    """422 for a submitted form with errors, so htmx and clients see the form was not accepted."""
    return 422 if form.errors else 200


class CompanyContactForm(FlaskForm):
    """A company and the person to talk to there: the request on /business and «Передать контакт»."""

    company = StringField("Компания", filters=[strip], validators=[
        DataRequired("Нужно название компании"), Length(max=200, message="Не длиннее 200 символов")])
    inn = StringField("ИНН компании", filters=[strip], validators=[Optional(), checked_by(validators.company_inn)])
    contact_name = StringField("Контактное лицо", filters=[strip], validators=[
        DataRequired("Нужно имя контактного лица"), Length(max=100, message="Не длиннее 100 символов")])
    contact_role = StringField("Должность", filters=[strip], validators=[
        Optional(), Length(max=100, message="Не длиннее 100 символов")])
    email = EmailField("E-mail", filters=[lower], validators=[
        Optional(), Email("Проверьте адрес: в нём должны быть @ и домен"), Length(max=254)])
    phone = TelField("Телефон", filters=[strip], validators=[Optional(), checked_by(validators.phone)])
    comment = TextAreaField("Комментарий", filters=[strip], validators=[
        Optional(), Length(max=2000, message="Не длиннее 2000 символов")])
    # Drawn when the form is shown: a double click or a resend after «Back» makes one lead, not two.
    submission_key = HiddenField(validators=[Optional(), Length(max=64)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not (self.email.data or self.phone.data or self.email.errors or self.phone.errors):
            self.email.errors.append("Нужен e-mail или телефон, хотя бы что-то одно")
            valid = False
        return valid

    def fresh_submission_key(self):
        if not self.submission_key.data:
            self.submission_key.data = secrets.token_urlsafe(16)

    def contact(self):
        return Contact(company=self.company.data, contact_name=self.contact_name.data, inn=self.inn.data or None,
                       contact_role=self.contact_role.data or None, email=self.email.data or None,
                       phone=self.phone.data or None, comment=self.comment.data or None)
