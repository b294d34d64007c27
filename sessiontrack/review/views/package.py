"""The package builder: the forum's funds and pitch slots, and the package that fits them."""

from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.errors import DomainError
from ...core.forms import EmptyForm
from ...core.numbers import amount as amount_text
from ...extensions import db
from ...reference.models import FundingSource
from ...sessions.access import FACILITATION, session_role_required
from .. import adoption, forms
from .. import package as packages


def _years(strategic_session, candidates, funds) -> list:
    years = {year for c in candidates for (_source, year) in c.gaps} | {y for (_s, y) in funds}
    return sorted(years)


def _parse_amount(text: str):
    text = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not text:
        return None, None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None, _("Enter a number, for example 12.5.")
    if not amount.is_finite() or amount < 0:
        return None, _("Enter a number of 0 or more.")
    # The size first: a number as large as 1e40 has no two-decimal form to compare with.
    if amount > packages.MAX_AMOUNT:
        return None, _("At most 16 digits before the point.")
    if amount != amount.quantize(Decimal("0.01")):
        return None, _("At most two digits after the point.")
    return amount, None


def _parse_slots(text: str):
    text = text.strip()
    if not text:
        return None, None
    if not text.isdigit() or int(text) > packages.MAX_SLOTS:
        return None, _("Enter a whole number from 0 to %(most)s.", most=packages.MAX_SLOTS)
    return int(text), None


def _page(strategic_session, *, values=None, errors=None, result=None, refusal=None, status=200):
    """The package page: the funds and slots form, the package built (if asked) and the one
    adopted."""
    candidates = packages.candidates_of(strategic_session)
    funds = packages.funds_of(strategic_session)
    sources = list(db.session.scalars(sa.select(FundingSource).order_by(FundingSource.position)))
    if values is None:
        values = {f"fund-{s}-{y}": amount_text(amount) for (s, y), amount in funds.items()}
        values.update(
            {f"slots-{d}": str(count) for d, count in packages.slots_of(strategic_session).items()}
        )
    adopted = adoption.adopted_package(strategic_session)
    return (
        render_template(
            "review/package.html",
            strategic_session=strategic_session,
            candidates=candidates,
            sources=sources,
            source_titles={s.id: s.title for s in sources},
            years=_years(strategic_session, candidates, funds),
            directions=list(strategic_session.directions),
            values=values,
            errors=errors or {},
            result=result,
            fingerprint=adoption.fingerprint(result) if result else None,
            adopted=adopted,
            refusal=refusal,
            packages=packages,
        ),
        status,
    )


@session_role_required(*FACILITATION)
def package(strategic_session):
    """The funds and slots form (GET, POST) and the package built from them."""
    if request.method == "GET":
        result = None
        if request.args.get("build") == "1":
            result = packages.build(strategic_session)
        return _page(strategic_session, result=result)
    candidates = packages.candidates_of(strategic_session)
    sources = list(db.session.scalars(sa.select(FundingSource).order_by(FundingSource.position)))
    years = _years(strategic_session, candidates, packages.funds_of(strategic_session))
    values, errors = {}, {}
    new_funds, new_slots = {}, {}
    for source in sources:
        for year in years:
            name = f"fund-{source.id}-{year}"
            values[name] = request.form.get(name, "")[:40]
            amount, error = _parse_amount(values[name])
            if error:
                errors[name] = error
            new_funds[(source.id, year)] = amount
    for direction in strategic_session.directions:
        name = f"slots-{direction.id}"
        values[name] = request.form.get(name, "")[:40]
        count, error = _parse_slots(values[name])
        if error:
            errors[name] = error
        new_slots[direction.id] = count
    if errors:
        return _page(strategic_session, values=values, errors=errors, status=422)
    packages.save_limits(strategic_session, new_funds, new_slots)
    flash(_("The funds and pitch slots are saved."), "success")
    return redirect(url_for(".package", slug=strategic_session.slug), code=303)


@session_role_required(*FACILITATION)
def adopt_package(strategic_session):
    """Adopt the package shown as the forum's decision; refused (409) if it has changed."""
    form = forms.AdoptPackageForm()
    if not form.validate_on_submit():
        flash(_("Build the package, check it and adopt it from this page."), "danger")
        return redirect(url_for(".package", slug=strategic_session.slug), code=303)
    try:
        _adopted, changed = adoption.adopt(strategic_session, current_user, form.fingerprint.data)
    except DomainError as error:
        result = packages.build(strategic_session)
        return _page(strategic_session, result=result, refusal=error.message, status=error.status)
    if changed:
        flash(_("The package is adopted as the forum's decision."), "success")
    else:
        flash(_("This package is adopted already."), "info")
    return redirect(url_for(".package", slug=strategic_session.slug), code=303)


@session_role_required(*FACILITATION)
def withdraw_package(strategic_session):
    """Withdraw the adopted package."""
    form = EmptyForm()
    if form.validate_on_submit() and adoption.withdraw(strategic_session, current_user):
        flash(_("The adopted package is withdrawn."), "success")
    else:
        flash(_("No package is adopted."), "info")
    return redirect(url_for(".package", slug=strategic_session.slug), code=303)
