"""sessiontrack: strategic project sessions, from the participant list to the forum package."""

import os
import secrets
from pathlib import Path

from flask import Flask

from . import config as config_module
from .core import unit_of_work
from .extensions import babel, csrf, db, limiter, login_manager, mail, migrate

PACKAGE_DIR = Path(__file__).resolve().parent


def template_dir() -> Path:
    """The templates: inside the package when it was installed from a wheel (setup.py puts
    them there), else ``templates/`` at the top of the source checkout. Static files,
    translations and migrations are inside the package in both."""
    packaged = PACKAGE_DIR / "templates"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "templates"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application.

    Configuration comes from :class:`config.DefaultConfig`, then ``instance/config.py``,
    then the environment (``DATABASE_URL``, ``SECRET_KEY``, ``SESSIONTRACK_*``), then
    ``test_config``.
    """
    instance_path = os.environ.get("SESSIONTRACK_INSTANCE_PATH") or str(
        PACKAGE_DIR.parent / "instance"
    )
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(template_dir()),
    )
    app.config.from_object(config_module.DefaultConfig)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "sessiontrack.sqlite3"
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(config_module.from_environment())
    if test_config:
        app.config.update(test_config)
    config_module.apply_derived_settings(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(app.instance_path)

    _init_extensions(app)
    _register_blueprints(app)
    unit_of_work.install(app)
    _register_cli(app)
    return app


def _instance_secret_key(instance_path: str) -> str:
    """Generate a secret key once and keep it in the instance folder."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _init_extensions(app: Flask) -> None:
    from . import database, i18n, models, security  # noqa: F401  (models: the whole schema)
    from .auth import login as auth_login
    from .core import memo, revision, templating
    from .sessions import templating as session_templating
    from .tasks import queue

    database.configure(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    auth_login.init_login_manager(login_manager)
    i18n.init_app(app, babel)
    database.init_app(app)
    revision.install(db.session)
    memo.install(db.session)
    security.init_app(app)
    templating.init_app(app)
    session_templating.init_app(app)
    queue.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from .admin.views import bp as admin_bp
    from .agenda.views import bp as agenda_bp
    from .api import v1 as api_v1
    from .api.views import bp as api_tokens_bp
    from .audit.views import bp as audit_bp
    from .auth.views import bp as auth_bp
    from .catalogue.views import bp as catalogue_bp
    from .core.views import bp as core_bp
    from .exports.views import bp as exports_bp
    from .exports.views import imports_bp
    from .home.views import bp as home_bp
    from .notifications.views import bp as notifications_bp
    from .notifications.views import reminders_bp
    from .people.views import bp as people_bp
    from .portfolio.views import bp as portfolio_bp
    from .projects.views import bp as projects_bp
    from .review.views import bp as review_bp
    from .sessions.views import bp as sessions_bp
    from .similarity.views import bp as similarity_bp

    for blueprint in (
        core_bp,
        home_bp,
        auth_bp,
        sessions_bp,
        people_bp,
        agenda_bp,
        projects_bp,
        review_bp,
        exports_bp,
        imports_bp,
        audit_bp,
        admin_bp,
        catalogue_bp,
        api_tokens_bp,
        similarity_bp,
        portfolio_bp,
        notifications_bp,
        reminders_bp,
    ):
        app.register_blueprint(blueprint)
    api_v1.init_app(app)


def _register_cli(app: Flask) -> None:
    from .cli import register_commands

    register_commands(app)
