"""The facilitator's form of what the public catalogue shows (:mod:`.settings`)."""

from wtforms import BooleanField, HiddenField

from ..core.forms import Form
from .settings import PUBLIC_PARTS


class PublicPartsForm(Form):
    """A checkbox per part of :data:`.settings.PUBLIC_PARTS`; ``seen`` is the setting the form
    was made from (:func:`.settings.parts_token`)."""

    seen = HiddenField()

    def parts(self) -> list:
        """The checkboxes in the order of :data:`.settings.PUBLIC_PARTS`."""
        return [self[part.key] for part in PUBLIC_PARTS]

    def shown(self) -> dict[str, bool]:
        """``{part key: shown}`` as submitted."""
        return {part.key: bool(self[part.key].data) for part in PUBLIC_PARTS}


for _part in PUBLIC_PARTS:
    setattr(PublicPartsForm, _part.key, BooleanField(_part.label, description=_part.help))
