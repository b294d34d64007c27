"""How the demo data sets mark themselves, and the login they share.

Both demo sessions (the article's and the fictional town's) say they are illustrative with
:data:`DEMO_MARK` and give their accounts addresses in :data:`EMAIL_DOMAIN`.
"""

DEMO_MARK = "Демонстрационный пример"
EMAIL_DOMAIN = "demo.sessiontrack.example"
# Printed by ``flask demo`` for everyone to use: a demo login, not a secret.
DEMO_PASSWORD = "zato-2018-demo"  # noqa: S105
