"""Security headers on every answer: Flask's responses and the referral-link middleware's alike."""

SECURITY_HEADERS = {
    # Pages load nothing from other hosts; htmx needs no inline script or style (see base.html's htmx-config).
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def add_security_headers(response):
    """Add the security headers a view has not set itself (one pass: this runs on every response)."""
    present = {name.lower() for name in response.headers.keys()}
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            response.headers.add(name, value)
    return response
