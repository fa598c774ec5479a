"""What every form shares: field filters and a bridge from `webapp.validators` to WTForms."""

from wtforms.validators import ValidationError

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
