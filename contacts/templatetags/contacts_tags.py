from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from contacts.markup import protected_mailto, render_text
from contacts.phone import format_phone

register = template.Library()


@register.filter
def block_text(text: str) -> SafeString:
    """Staff-written block text with the tiny safe markup (never raw HTML)."""
    return render_text(text)


@register.filter
def phone(stored: str) -> str:
    """``+46102236209`` → ``010-223 62 09``."""
    return format_phone(stored)


@register.simple_tag
def mailto(address: str) -> SafeString:
    """A real mailto link with the address entity-encoded (see ``protected_mailto``)."""
    return protected_mailto(address)
