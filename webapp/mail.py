"""Outgoing e-mail: SMTP when MAIL_SERVER is set, else an `.eml` file in the instance outbox.

The outbox is what development and the tests use: each message is a file anyone can open, and the
first link in it is logged, so a password reset works on a laptop with no mail server.
"""

import re
import smtplib
import ssl
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app, render_template


def send(to, subject, template, **context):
    """Send the plain-text e-mail rendered from `templates/<template>` to `to`."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rsplit("@", 1)[-1].strip(">"))
    message.set_content(render_template(template, **context))

    if config.get("MAIL_SERVER"):
        _send_smtp(config, message)
    else:
        _write_to_outbox(config, message)


def outbox_path(config):
    return Path(config["INSTANCE_PATH"]) / "outbox"


def _write_to_outbox(config, message):
    outbox = outbox_path(config)
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    link = re.search(r"https?://\S+", message.get_content())
    current_app.logger.info("e-mail to %s written to %s%s", message["To"], path,
                            f"; link: {link.group(0)}" if link else "")


def _send_smtp(config, message):
    port = int(config.get("MAIL_PORT") or 587)
    if port == 465:
        server = smtplib.SMTP_SSL(config["MAIL_SERVER"], port, context=ssl.create_default_context(), timeout=10)
    else:
        server = smtplib.SMTP(config["MAIL_SERVER"], port, timeout=10)
    with server:
        if port != 465 and config.get("MAIL_USE_TLS", True):
            server.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            server.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        server.send_message(message)
