from flask_wtf import FlaskForm


class LanguageForm(FlaskForm):
    """Only the CSRF token: the language is in the URL."""
