"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Values come from the environment so one file serves every host.
"""

import multiprocessing
import os

bind = os.environ.get("MEET_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("MEET_WORKERS", max(2, multiprocessing.cpu_count() * 2)))
# Sync workers: the live pages poll with If-None-Match (cheap 304s), so no request holds a
# worker for long; a slow client is the reverse proxy's business (it buffers).
worker_class = "sync"
timeout = int(os.environ.get("MEET_TIMEOUT", 30))  # documents build in the background
graceful_timeout = 20
keepalive = 5
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("MEET_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# No query strings in the access log: badge tokens and invitation links travel there.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss rid=%({X-Request-ID}o)s'
preload_app = False  # each worker opens its own database connections
