"""Command-line commands: ``flask --app sessiontrack <command>``."""

import click
from flask import Flask

from .extensions import db


def register_commands(app: Flask) -> None:
    """Add the ``flask`` commands: create-user, demo, reference data, bench data and exports."""
    from .exports import cli as exports_cli

    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(reference_command)
    app.cli.add_command(bench_data_command)
    app.cli.add_command(check_totals_command)
    exports_cli.register(app)


@click.command("create-user")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="", help="Full name shown in the interface.")
@click.option("--admin", is_flag=True, help="Give the account the admin right.")
def create_user_command(email: str, password: str, name: str, admin: bool) -> None:
    """Create a user account."""
    from .auth import services
    from .core.errors import DomainError

    problems = services.password_problems(password, email)
    if problems:
        raise click.ClickException(" ".join(problems))
    try:
        user = services.create_user(email, name, password, is_admin=admin)
    except DomainError as error:
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
    """Load the demo sessions (idempotent) and print their logins: the article's session, at
    the expert review, two fictional towns' sessions that have reached the forum, and a
    portfolio reader over all three towns."""
    from .sampledata import article, completed, demo, town_east
    from .sampledata.portfolio_demo import load_portfolio_reader

    loaded = [
        (article.SESSION["slug"], "the article's session, at the expert review", demo.load_demo()),
        (
            completed.SLUG,
            "a fictional town, run the whole way to the forum",
            completed.load_completed_demo(),
        ),
        (
            town_east.SLUG,
            "a second fictional town, at the forum",
            completed.load_completed_demo(town_east),
        ),
    ]
    portfolio = load_portfolio_reader([slug for slug, _what, _logins in loaded])
    db.session.commit()
    for slug, what, logins in loaded:
        click.echo(f"Demo session «{slug}» ({what}) is loaded. Its logins:")
        for role, email, password in logins:
            click.echo(f"  {role:<28} {email:<46} {password}")
    click.echo("The portfolio across the three towns (/portfolio/):")
    for role, email, password in portfolio:
        click.echo(f"  {role:<28} {email:<46} {password}")


@click.command("bench-data")
@click.option("--projects", default=200, show_default=True, help="Number of projects.")
@click.option("--experts", default=30, show_default=True, help="Each scores every project.")
@click.option("--organisations", default=60, show_default=True)
@click.option("--participants", default=400, show_default=True)
@click.option("--seed", default=1, show_default=True, help="The same seed gives the same content.")
@click.option("--slug", default="bench", show_default=True, help="The new session's slug.")
def bench_data_command(
    projects: int, experts: int, organisations: int, participants: int, seed: int, slug: str
) -> None:
    """Generate a large session for benchmarks (every expert scores every project)."""
    import time

    from .sampledata.bench import BenchDataError, BenchSizes, generate

    sizes = BenchSizes(
        projects=projects, experts=experts, organisations=organisations, participants=participants
    )
    started = time.perf_counter()
    try:
        result = generate(sizes, seed=seed, slug=slug)
    except BenchDataError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    elapsed = time.perf_counter() - started
    click.echo(f"Session «{result.slug}» generated in {elapsed:.1f} s (seed {seed}):")
    click.echo("  " + ", ".join(f"{name} {count}" for name, count in result.counts.items()))
    click.echo(f"Logins (password {result.password}):")
    click.echo(f"  facilitator  {result.facilitator_email}")
    click.echo(f"  member       {result.member_emails[0]}")
    click.echo(f"  expert       {result.expert_emails[0]}")


@click.command("check-totals")
@click.option("--session", "slug", help="One session's slug (default: every session).")
@click.option("--repair", is_flag=True, help="Write the recomputed figures where they differ.")
def check_totals_command(slug: str | None, repair: bool) -> None:
    """Recompute every scorecard's kept total and values from its scores and report any
    difference (exit status 1 if there is one and --repair was not given)."""
    import sqlalchemy as sa

    from .review.services import totals
    from .sessions.models import StrategicSession

    query = sa.select(StrategicSession).order_by(StrategicSession.slug)
    if slug:
        query = query.where(StrategicSession.slug == slug)
    sessions = list(db.session.scalars(query))
    if slug and not sessions:
        raise click.ClickException(f"No session «{slug}».")
    found = 0
    for strategic_session in sessions:
        differences = totals.differences(strategic_session)
        found += len(differences)
        for difference in differences:
            click.echo(
                f"{strategic_session.slug}: scorecard {difference.scorecard_id}: kept total "
                f"{difference.kept_total!r}, recomputed {difference.total!r}; kept values "
                f"{difference.kept_values}, recomputed {difference.values}"
            )
        if differences and repair:
            totals.refresh_session(strategic_session)
    if repair:
        db.session.commit()
    click.echo(
        f"{found} scorecard(s) differ in {len(sessions)} session(s)"
        + (" — repaired." if repair and found else ".")
    )
    if found and not repair:
        raise SystemExit(1)
