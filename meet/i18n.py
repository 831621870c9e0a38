"""Languages: Chinese (zh_CN) first, English second.

Source strings are written in Chinese, the primary language, so a page is never shown
half in English; the English catalogue (``meet/translations/en``) translates them.
The choice sticks in a cookie.
"""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_babel import format_date, format_datetime, get_locale

COOKIE = "lang"
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


def select_locale() -> str:
    if not has_request_context():  # background jobs, the CLI: the primary language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    wanted = request.cookies.get(COOKIE, "")
    if wanted in current_app.config["LANGUAGES"]:
        return wanted
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The selected language code as configured ("zh_CN" or "en"); Babel may spell the
    locale differently (zh_Hans_CN), so pages compare against this."""
    return "en" if str(get_locale()).startswith("en") else "zh_CN"


def is_english() -> bool:
    return current_language() == "en"


def localised(obj, attr: str = "name") -> str:
    """``obj.name`` in Chinese, ``obj.name_en`` in English where it is filled in."""
    if obj is None:
        return ""
    if is_english():
        english = getattr(obj, f"{attr}_en", "")
        if english:
            return english
    return getattr(obj, attr)


def init_app(app: Flask) -> None:
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", str(app.root_path + "/translations")
    )
    app.jinja_env.globals.update(
        localised=localised, LANGUAGE_NAMES=LANGUAGE_NAMES, get_locale=get_locale,
        current_language=current_language,
    )
    app.jinja_env.filters["l10n"] = localised
    app.jinja_env.filters["format_date"] = format_date
    app.jinja_env.filters["format_datetime"] = format_datetime

    from meet.labels import context

    app.context_processor(context)
