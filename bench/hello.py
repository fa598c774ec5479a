"""The baseline: a minimal Flask "hello world", served by gunicorn with the app's own settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
@app.get("/<path:anything>")
def hello(anything=None):
    return "Hello, World!"
