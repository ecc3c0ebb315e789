from tests.harness.routes import Route, public


def build_world(world: dict) -> None:
    pass


ROUTES = [
    Route("contacts:home", expect=public()),
    Route("contacts:contact", expect=public()),
    Route("contacts:accessibility", expect=public()),
]
