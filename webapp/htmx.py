"""Small helpers for answering htmx and plain requests from one set of templates."""

from flask import make_response, render_template
from htmx_flask import request


def is_htmx():
    """True for an htmx request that wants a fragment (not boosted navigation, not a history restore)."""
    hx = request.htmx
    return bool(hx) and not hx.boosted and not hx.history_restore_request


def page_or_fragment(page, fragment, status=200, **context):
    """Render the full page or, for htmx, the fragment the page includes; the answer varies on HX-Request."""
    response = make_response(render_template(fragment if is_htmx() else page, **context), status)
    response.vary.add("HX-Request")
    return response
