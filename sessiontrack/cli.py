"""Command-line commands: ``flask --app sessiontrack <command>``."""

import click
from flask import Flask

from .extensions import db


def register_commands(app: Flask) -> None:
    from .exports import cli as exports_cli

    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(reference_command)
    exports_cli.register(app)


@click.command("create-user")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="", help="Full name shown in the interface.")
@click.option("--admin", is_flag=True, help="Give the account the admin right.")
def create_user_command(email: str, password: str, name: str, admin: bool) -> None:
    """Create a user account."""
    from .auth import services

    problems = services.password_problems(password, email)
    if problems:
        raise click.ClickException(" ".join(problems))
    try:
        user = services.create_user(email, name, password, is_admin=admin)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {'admin ' if admin else ''}user {user.email}")


@click.command("reference-data")
def reference_command() -> None:
    """Load or update the reference lists (national projects, funding sources)."""
    from .reference.data import load_reference_data

    load_reference_data()
    db.session.commit()
    click.echo("Reference lists are up to date.")


@click.command("demo")
def demo_command() -> None:
    """Load the demo session of the article (idempotent) and print the demo logins."""
    from .demo import load_demo

    logins = load_demo()
    db.session.commit()
    click.echo("Demo session «zheleznogorsk-2018» is loaded. Demo logins:")
    for role, email, password in logins:
        click.echo(f"  {role:<28} {email:<36} {password}")
