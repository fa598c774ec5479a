"""Error pages in the site's style, in Russian."""

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

TITLES = {
    400: "Запрос не получилось обработать",
    403: "Доступ закрыт",
    404: "Такой страницы нет",
    405: "Так к этой странице не обращаются",
    413: "Слишком большой запрос",
    429: "Слишком много попыток",
    500: "Что-то сломалось на нашей стороне",
}


def register(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/error.html", code=400, title="Форма устарела",
                               detail="Страница была открыта слишком долго или в другой вкладке вы вышли из "
                                      "кабинета. Обновите страницу и отправьте форму ещё раз: введённое "
                                      "придётся повторить."), 400

    @app.errorhandler(HTTPException)
    def http_error(error):
        return _render(error.code), error.code

    @app.errorhandler(InternalServerError)
    def server_error(error):
        return _render(500), 500


def _render(code):
    title = TITLES.get(code, TITLES[500] if code >= 500 else TITLES[400])
    return render_template("errors/error.html", code=code, title=title)
