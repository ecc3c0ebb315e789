"""Helpers for the agreements tests."""

from __future__ import annotations

import datetime


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)
