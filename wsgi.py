"""Production entry point: ``gunicorn wsgi:app`` (see gunicorn.conf.py).

Reads ``MEET_CONFIG`` (default ``production``), ``DATABASE_URL`` and ``SECRET_KEY``.
"""

import os

from meet import create_app

app = create_app(os.environ.get("MEET_CONFIG", "production"))
