"""Public pages kept in memory for visitors who carry no session.

A fresh visitor's landing is the same bytes every time (copy and settings change only with a restart),
so each worker renders it once. The cache sits in front of Flask as WSGI middleware, like a caching proxy
would, and stores the final answer (security headers included). It only saves work: losing it changes
nothing, and it is bounded, so odd query strings or Host headers cannot grow it without limit.

A view opts in with `@cached_for_visitors`; the page is stored only when it answered 200 without
setting a cookie.
"""

import re
import threading
from collections import OrderedDict
from functools import wraps

from flask import request

MARK = "webapp.page_cache"


def cached_for_visitors(view):
    """Let the middleware keep this view's answer for requests without a session cookie."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        request.environ[MARK] = True
        return view(*args, **kwargs)

    return wrapper


class PageCache:
    def __init__(self, wsgi_app, session_cookie, size=128):
        self.wsgi_app = wsgi_app
        self.has_session = re.compile(rf"(?:^|;)\s*{re.escape(session_cookie)}=").search
        self.size = size
        self._pages = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] != "GET" or self.has_session(environ.get("HTTP_COOKIE", "")):
            return self.wsgi_app(environ, start_response)
        # Everything a page may depend on: host and scheme (absolute URLs), path and query, htmx headers.
        key = (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SCRIPT_NAME"),
               environ.get("PATH_INFO"), environ.get("QUERY_STRING"), environ.get("HTTP_HX_REQUEST"),
               environ.get("HTTP_HX_BOOSTED"), environ.get("HTTP_HX_HISTORY_RESTORE_REQUEST"))
        page = self._get(key)
        if page is None:
            return self._render_and_keep(key, environ, start_response)
        status, headers, body = page
        start_response(status, list(headers))
        return [body]

    def _render_and_keep(self, key, environ, start_response):
        answer = {}

        def capture(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        chunks = self.wsgi_app(environ, capture)
        if not (environ.get(MARK) and answer.get("status", "").startswith("200")
                and not any(name.lower() == "set-cookie" for name, _ in answer["headers"])):
            return chunks  # not a page to keep (static files among them): streamed on, never buffered
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        self._put(key, (answer["status"], tuple(answer["headers"]), body))
        return [body]

    def _get(self, key):
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def _put(self, key, page):
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


def init_app(app):
    # Templates that reload on change (development) must not be served stale.
    if not (app.debug or app.config.get("TEMPLATES_AUTO_RELOAD")):
        app.wsgi_app = app.extensions["page_cache"] = PageCache(app.wsgi_app, app.config["SESSION_COOKIE_NAME"])
