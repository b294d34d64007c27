"""What the wheel holds (the project's metadata is in pyproject.toml).

The templates stay at the top of the repository, beside the package rather than in it, so
pyproject.toml alone cannot ship them: its package discovery finds only directories under
``sessiontrack/``. Here ``package_dir`` maps the package ``sessiontrack.templates`` onto
``templates/``, and ``package_data`` takes every file under it: an installed wheel has them
in ``sessiontrack/templates/``, where ``create_app`` looks first.
"""

from setuptools import find_namespace_packages, setup

# Every directory is a package to Python, so each folder of templates is listed as one.
TEMPLATE_PACKAGES = [
    "sessiontrack.templates",
    *(f"sessiontrack.templates.{name}" for name in find_namespace_packages(where="templates")),
]

setup(
    packages=[*find_namespace_packages(include=["sessiontrack*"]), *TEMPLATE_PACKAGES],
    package_dir={"sessiontrack.templates": "templates"},
    package_data={
        "sessiontrack": [
            "static/**/*",
            "translations/*/LC_MESSAGES/*",
            "migrations/*",
            "migrations/**/*",
        ],
        "sessiontrack.templates": ["**/*"],
    },
)
