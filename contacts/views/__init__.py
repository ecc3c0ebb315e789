"""Views of the contacts app: ``public`` (anyone) and ``manage`` (county staff)."""
