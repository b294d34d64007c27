"""Instance-wide reference lists, stored in Russian with English names."""

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from ..core.enums import TitledEnum, enum_column
from ..extensions import db


class NationalProjectStatus(TitledEnum):
    ADOPTED = "adopted"
    PROPOSED = "proposed"
    PLAN = "plan"

    __titles__ = {
        "adopted": _l("National project"),
        "proposed": _l("Proposed"),
        "plan": _l("Comprehensive plan"),
    }


class BilingualTitleMixin:
    title_ru: Mapped[str] = mapped_column(sa.String(300))
    title_en: Mapped[str] = mapped_column(sa.String(300))

    @property
    def title(self) -> str:
        """The title in the interface language."""
        locale = get_locale()
        return self.title_en if locale is not None and locale.language == "en" else self.title_ru


class NationalProject(BilingualTitleMixin, db.Model):
    """A national project of Decree No. 204 (7 May 2018), or one proposed since."""

    __tablename__ = "national_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    status: Mapped[NationalProjectStatus] = mapped_column(enum_column(NationalProjectStatus))
    position: Mapped[int] = mapped_column(default=0)


class FundingSource(BilingualTitleMixin, db.Model):
    """Where money for a project can come from (источник финансирования)."""

    __tablename__ = "funding_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
