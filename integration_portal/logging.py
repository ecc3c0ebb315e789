import logging
import time


class UTCFormatter(logging.Formatter):
    """Log timestamps in UTC with an explicit Z, whatever the server's zone."""

    converter = time.gmtime

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", self.converter(record.created))
