"""gunicorn settings; each can be overridden from the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request may hold a worker at most this long; the importers stop far sooner
# (bounded rows and archive size), so only a stuck request ever reaches it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Header limits (gunicorn has no body limit: the app answers 413 above
# REQUEST_BODY_MAX_BYTES from Content-Length, and the proxy should refuse first,
# see README "Deploy"). A request line carries at most a path and a few filters.
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", "4094"))
limit_request_fields = 100
limit_request_field_size = 8190
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "integration_portal.wsgi:application"
