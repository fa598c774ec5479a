"""Extension objects, created bare here and bound to the app in `create_app`."""

from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

csrf = CSRFProtect()
htmx_extension = Htmx()
login_manager = LoginManager()
