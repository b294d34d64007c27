"""The words of a participant list: column headers, roles and organisation kinds.

Russian and English, compared normalised (:func:`normalise`); the longest text each field may
hold; an organisation's kind guessed from the start of its name.
"""

from ...sessions.models import WorkingGroup
from ..models import ExpertKind, Organisation, OrganisationKind, Participant, ParticipantRole


def normalise(text) -> str:
    """Lower case, «ё» as «е», single spaces: how names and headers are compared."""
    return " ".join(str(text or "").replace("ё", "е").replace("Ё", "Е").split()).casefold()


def by_word(words: dict) -> dict:
    """``{normalised word: meaning}`` from ``{meaning: [words]}``: the lookup of a word list."""
    return {normalise(word): meaning for meaning, each in words.items() for word in each}


# Known header names (compared normalised, without a trailing colon or asterisk).
HEADERS = {
    "full_name": [
        "фио", "ф.и.о.", "ф. и. о.", "фамилия имя отчество", "фамилия, имя, отчество",
        "участник", "имя", "full name", "name", "participant", "person",
    ],
    "organisation": [
        "организация", "наименование организации", "место работы", "organisation",
        "organization", "company", "employer",
    ],
    "organisation_short_name": [
        "краткое наименование", "краткое название", "краткое наименование организации",
        "short name", "organisation short name", "organization short name",
    ],
    "organisation_kind": [
        "вид организации", "тип организации", "вид", "organisation kind",
        "organization kind", "organisation type", "organization type", "kind",
    ],
    "position": ["должность", "position", "job title"],
    "email": [
        "e-mail", "email", "e-mail адрес", "эл. почта", "эл.почта", "электронная почта",
        "адрес электронной почты", "почта", "mail", "e-mail address", "email address",
    ],
    "phone": ["телефон", "тел.", "тел", "контактный телефон", "phone", "telephone", "mobile"],
    "role": ["роль", "роль в сессии", "role", "role in the session"],
    "expert_kind": ["вид эксперта", "expert kind", "expert type"],
    "working_group": [
        "рабочая группа", "группа", "working group", "group",
    ],
}  # fmt: skip
# The longest text each field may hold: its column's length. Roles and kinds are words looked
# up, never stored; none is longer than LOOKUP_LENGTH.
LOOKUP_LENGTH = 100
FIELD_LENGTHS = {
    "full_name": Participant.__table__.c.full_name.type.length,
    "organisation": Organisation.__table__.c.name.type.length,
    "organisation_short_name": Organisation.__table__.c.short_name.type.length,
    "organisation_kind": LOOKUP_LENGTH,
    "position": Participant.__table__.c.position.type.length,
    "email": Participant.__table__.c.email.type.length,
    "phone": Participant.__table__.c.phone.type.length,
    "role": LOOKUP_LENGTH,
    "expert_kind": LOOKUP_LENGTH,
    "working_group": WorkingGroup.__table__.c.title.type.length,
}
HEADER_FIELDS = by_word(HEADERS)

ROLE_WORDS = {
    ParticipantRole.FACILITATOR: [
        "facilitator", "модератор сессии", "фасилитатор", "ведущий сессии",
    ],
    ParticipantRole.SPEAKER: ["speaker", "докладчик", "спикер", "выступающий"],
    ParticipantRole.MODERATOR: [
        "moderator", "group moderator", "модератор группы", "модератор",
        "руководитель группы", "руководитель рабочей группы",
    ],
    ParticipantRole.MEMBER: [
        "member", "group member", "участник группы", "участник", "член группы",
        "член рабочей группы", "участник рабочей группы",
    ],
    ParticipantRole.EXPERT: ["expert", "эксперт"],
    ParticipantRole.OBSERVER: ["observer", "наблюдатель"],
    ParticipantRole.GUEST: ["guest", "гость", "приглашенный"],
}  # fmt: skip
INVESTOR_WORDS = {"investor", "инвестор"}
ROLES_BY_WORD = by_word(ROLE_WORDS)
EXPERT_KIND_WORDS = {
    **dict.fromkeys(["expert", "эксперт"], ExpertKind.EXPERT),
    **dict.fromkeys(INVESTOR_WORDS, ExpertKind.INVESTOR),
}

KIND_WORDS = {
    OrganisationKind.STATE_CORPORATION: [
        "state corporation", "state_corporation", "госкорпорация", "государственная корпорация",
    ],
    OrganisationKind.FEDERAL_ENTERPRISE: [
        "federal state unitary enterprise", "federal enterprise", "federal_enterprise", "фгуп",
        "федеральное государственное унитарное предприятие",
    ],
    OrganisationKind.ENTERPRISE: [
        "enterprise", "joint-stock company", "joint-stock company / enterprise", "ао",
        "ао / предприятие", "ао/предприятие", "предприятие", "акционерное общество",
    ],
    OrganisationKind.ADMINISTRATION: ["administration", "администрация", "органы власти"],
    OrganisationKind.COUNCIL: [
        "council", "representative body", "представительный орган", "совет депутатов",
    ],
    OrganisationKind.BUSINESS: ["business", "бизнес", "предприниматели", "малый бизнес"],
    OrganisationKind.PUBLIC: [
        "public", "public organisation", "public organization", "общественная организация",
        "общественность", "нко",
    ],
    OrganisationKind.SCIENCE: [
        "science", "science and experts", "наука", "наука и эксперты", "наука/эксперты",
        "эксперты", "научное сообщество",
    ],
}  # fmt: skip
KINDS_BY_WORD = by_word(KIND_WORDS)
# A kind guessed from the start of an organisation's name when the file gives none.
KIND_PREFIXES = [
    ("госкорпорация", OrganisationKind.STATE_CORPORATION),
    ("государственная корпорация", OrganisationKind.STATE_CORPORATION),
    ("фгуп", OrganisationKind.FEDERAL_ENTERPRISE),
    ("ао ", OrganisationKind.ENTERPRISE),
    ("пао ", OrganisationKind.ENTERPRISE),
    ("ооо ", OrganisationKind.BUSINESS),
    ("ип ", OrganisationKind.BUSINESS),
    ("администрация", OrganisationKind.ADMINISTRATION),
    ("совет депутатов", OrganisationKind.COUNCIL),
]


def _kind(text: str) -> OrganisationKind | None:
    return KINDS_BY_WORD.get(normalise(text))


def guess_kind(name: str) -> OrganisationKind | None:
    """The kind of organisation its name begins with (``ФГУП``, ``ООО``...), or ``None``."""
    lowered = normalise(name) + " "
    for prefix, kind in KIND_PREFIXES:
        if lowered.startswith(prefix):
            return kind
    return None
