"""The standard criteria a new session starts from (DESIGN.md, "Expert review")."""

from flask_babel import lazy_gettext as _l

# The six criteria of DESIGN.md (scale 0–10): the default for a new session.
DEFAULT_CRITERIA = [
    (
        _l("Alignment with national projects and Strategy 2030"),
        _l(
            "How the project fits the national projects and the priorities of the municipal "
            "strategy of socio-economic development."
        ),
        3,
        {
            "0": _l("No link to the national projects or the strategy."),
            "5": _l("A link to one national project or priority; an indirect contribution."),
            "10": _l("A direct contribution to national projects and key strategy priorities."),
        },
    ),
    (
        _l("Socio-economic effect for the city"),
        _l("Jobs, budget revenue, quality of life, how many citizens the project reaches."),
        3,
        {
            "0": _l("No visible effect for the city."),
            "5": _l("A noticeable effect for one industry or part of the citizens."),
            "10": _l("A significant, measurable effect for the economy and the whole city."),
        },
    ),
    (
        _l("Feasibility and maturity"),
        _l(
            "Are goals, indicators, stages, responsibilities and risks worked out; are the "
            "deadlines realistic."
        ),
        2,
        {
            "0": _l("An idea without a plan."),
            "5": _l("A plan and people responsible, but deadlines or risks not worked out."),
            "10": _l("A complete passport, a realistic schedule, risks with responses."),
        },
    ),
    (
        _l("Resources secured and investment appeal"),
        _l(
            "How much of the resources is already secured and how attractive the project is "
            "to investors and funding programmes."
        ),
        2,
        {
            "0": _l("Resources not identified; of no interest to an investor."),
            "5": _l("Resources identified, a small part of them secured."),
            "10": _l("Most resources secured; investors are interested."),
        },
    ),
    (
        _l("Innovation and technology level"),
        _l("Novelty of the solutions and use of the territory's technological competences."),
        2,
        {
            "0": _l("A standard solution, nothing new."),
            "5": _l("Known technologies, new to the territory."),
            "10": _l("Advanced technologies built on the territory's industrial competences."),
        },
    ),
    (
        _l("Joint effort of several organisations"),
        _l("Several organisations take part, each with a real contribution."),
        1,
        {
            "0": _l("A project of one organisation."),
            "5": _l("There are partners, but their contribution is not defined."),
            "10": _l("Several organisations with defined contributions and responsibilities."),
        },
    ),
]
