import pytest

from .registry import build_world


@pytest.fixture
def world(personas) -> dict:
    """Every persona plus the objects the route tables need (see registry.build_world)."""
    return build_world(personas)
