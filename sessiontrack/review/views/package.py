"""The package builder: the forum's funds and pitch slots, and the package that fits them."""

from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...reference.models import FundingSource
from ...sessions.access import FACILITATION, session_role_required
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
    if amount != amount.quantize(Decimal("0.01")):
        return None, _("At most two digits after the point.")
    if amount > packages.MAX_AMOUNT:
        return None, _("At most 16 digits before the point.")
    return amount, None


def _parse_slots(text: str):
    text = text.strip()
    if not text:
        return None, None
    if not text.isdigit() or int(text) > packages.MAX_SLOTS:
        return None, _("Enter a whole number from 0 to %(most)s.", most=packages.MAX_SLOTS)
    return int(text), None


@session_role_required(*FACILITATION)
def package(strategic_session):
    """The funds and slots form (GET, POST) and the package built from them."""
    candidates = packages.candidates_of(strategic_session)
    funds = packages.funds_of(strategic_session)
    slots = packages.slots_of(strategic_session)
    sources = list(db.session.scalars(sa.select(FundingSource).order_by(FundingSource.position)))
    years = _years(strategic_session, candidates, funds)
    directions = list(strategic_session.directions)
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        new_funds, new_slots = {}, {}
        for source in sources:
            for year in years:
                name = f"fund-{source.id}-{year}"
                values[name] = request.form.get(name, "")[:40]
                amount, error = _parse_amount(values[name])
                if error:
                    errors[name] = error
                new_funds[(source.id, year)] = amount
        for direction in directions:
            name = f"slots-{direction.id}"
            values[name] = request.form.get(name, "")[:40]
            count, error = _parse_slots(values[name])
            if error:
                errors[name] = error
            new_slots[direction.id] = count
        if not errors:
            packages.save_limits(strategic_session, new_funds, new_slots)
            flash(_("The funds and pitch slots are saved."), "success")
            return redirect(url_for(".package", slug=strategic_session.slug), code=303)
        status = 422
    else:
        for (source_id, year), amount in funds.items():
            values[f"fund-{source_id}-{year}"] = f"{amount:.2f}"
        for direction_id, count in slots.items():
            values[f"slots-{direction_id}"] = str(count)
    result = None
    if request.method == "GET" and request.args.get("build") == "1":
        result = packages.choose(candidates, funds, slots)
    return (
        render_template(
            "review/package.html",
            strategic_session=strategic_session,
            candidates=candidates,
            sources=sources,
            source_titles={s.id: s.title for s in sources},
            years=years,
            directions=directions,
            values=values,
            errors=errors,
            result=result,
            packages=packages,
        ),
        status,
    )
