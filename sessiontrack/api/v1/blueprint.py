"""The blueprint every API resource is made of: token authentication before each request,
errors as JSON."""

from flask_smorest import Blueprint

from . import auth, errors


def api_blueprint(name: str, import_name: str, description: str) -> Blueprint:
    """A flask-smorest blueprint whose requests authenticate by token and whose errors are
    JSON (register it with :func:`sessiontrack.api.v1.init_app`)."""
    blueprint = Blueprint(name, import_name, description=description)
    blueprint.before_request(auth.authenticate_request)
    errors.register(blueprint)
    return blueprint
