"""Forms for organisations, participants, the participant list's filters and the import."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..core.forms import Form, blank_choice, enum_choices, optional_int
from .imports import ALLOWED_EXTENSIONS, extension_of
from .models import ExpertKind, OrganisationKind, ParticipantRole
from .services import GROUP_NEEDED, GROUP_ROLES


class OrganisationForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    short_name = StringField(
        _l("Short name"),
        validators=[Optional(), Length(max=120)],
        description=_l("How lists show it, for example ФГУП «ГХК»."),
    )
    kind = SelectField(_l("Kind"), choices=enum_choices(OrganisationKind))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save"))


class ParticipantForm(Form):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    organisation_id = SelectField(_l("Organisation"), coerce=optional_int)
    position = StringField(_l("Position"), validators=[Optional(), Length(max=300)])
    email = EmailField(
        _l("E-mail"),
        validators=[Optional(), Length(max=254), Email(message=_l("Enter a valid e-mail."))],
        description=_l("Needed for an account: it is the login."),
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50)])
    role = SelectField(
        _l("Role in the session"),
        choices=enum_choices(ParticipantRole),
        default=ParticipantRole.MEMBER.value,
    )
    expert_kind = SelectField(
        _l("Expert kind"),
        choices=enum_choices(ExpertKind),
        default=ExpertKind.EXPERT.value,
        validators=[Optional()],
        description=_l("Only for experts."),
    )
    working_group_id = SelectField(
        _l("Working group"),
        coerce=optional_int,
        description=_l("For group moderators and members."),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, organisations, groups, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = blank_choice([(o.id, o.name) for o in organisations])
        self.working_group_id.choices = blank_choice(
            [(g.id, f"{g.direction.title} · {g.title}") for g in groups]
        )

    def validate_working_group_id(self, field) -> None:
        """Group moderators and members need their group (their account is made for it)."""
        if self.role.data in {role.value for role in GROUP_ROLES} and not field.data:
            raise ValidationError(GROUP_NEEDED)

    def values(self) -> dict:
        """The participant's values for :func:`.services.add_participant` and
        ``update_participant``."""
        return {
            "full_name": self.full_name.data,
            "organisation_id": self.organisation_id.data,
            "position": (self.position.data or "").strip(),
            "email": self.email.data,
            "phone": (self.phone.data or "").strip(),
            "role": self.role.data,
            "expert_kind": self.expert_kind.data,
            "working_group_id": self.working_group_id.data,
        }


class ParticipantFilterForm(Form):
    """The participant list's search and filters (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=200)])
    organisation = SelectField(_l("Organisation"), coerce=optional_int, validators=[Optional()])
    role = SelectField(_l("Role"), validators=[Optional()])
    group = SelectField(_l("Working group"), coerce=optional_int, validators=[Optional()])

    def __init__(self, organisations, groups, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = str(_l("All"))
        self.organisation.choices = blank_choice([(o.id, o.name) for o in organisations], everyone)
        self.role.choices = blank_choice(ParticipantRole.choices(), everyone)
        self.group.choices = blank_choice([(g.id, g.title) for g in groups], everyone)


class ImportForm(Form):
    file = FileField(
        _l("File"),
        validators=[FileRequired(message=_l("Choose a file."))],
        description=_l("CSV (UTF-8 or Windows-1251, comma or semicolon) or Excel XLSX."),
    )
    default_kind = SelectField(
        _l("Kind of new organisations the file does not describe"),
        choices=enum_choices(OrganisationKind),
        default=OrganisationKind.BUSINESS.value,
    )
    submit = SubmitField(_l("Check the file"))

    file_bytes: bytes = b""

    def validate_file(self, field) -> None:
        """The type by its name and the size under ``IMPORT_MAX_BYTES``; keeps the bytes."""
        if extension_of(field.data.filename or "") not in ALLOWED_EXTENSIONS:
            raise ValidationError(_l("Upload a CSV or XLSX file."))
        limit = current_app.config["IMPORT_MAX_BYTES"]
        data = field.data.read(limit + 1)
        if len(data) > limit:
            raise ValidationError(_l("The file is larger than %(size)d KB.", size=limit // 1024))
        self.file_bytes = data


class ImportConfirmForm(Form):
    """The confirmation of a previewed import: every row, or only the rows without problems."""

    skip_problems = BooleanField()
