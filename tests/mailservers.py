"""Real mail servers on 127.0.0.1 for the outbox tests: a working SMTP server
(aiosmtpd), a port where nothing listens (connection refused) and a server that
accepts the TCP connection and never says a word."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from email import message_from_bytes
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (the kernel just handed it out)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Collector:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[dict] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        parsed = message_from_bytes(envelope.content)
        self.messages.append(
            {
                "to": list(envelope.rcpt_tos),
                "subject": str(make_header(decode_header(parsed["Subject"]))),
            }
        )
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(port: int | None = None):
    """A real SMTP server; yields the handler (``.messages``) with ``.port`` set."""
    handler = Collector()
    handler.port = port or free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


@contextmanager
def silent_server():
    """Accepts TCP connections (the kernel's backlog) and never sends a greeting."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def use_smtp(settings, port: int, timeout: int = 2) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = timeout
