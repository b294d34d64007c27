"""Enumerations stored by value that carry their own (translated) titles."""

import enum

import sqlalchemy as sa


class TitledEnum(enum.StrEnum):
    """A string enum whose members know how to name themselves in the interface.

    Subclasses define ``__titles__`` mapping each value to a lazy-translated title.
    """

    __titles__: dict = {}

    @property
    def title(self) -> str:
        """The member's title in the reader's language (its value if it has none)."""
        return str(type(self).__titles__.get(self.value, self.value))

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, title) pairs for select fields."""
        return [(member.value, member.title) for member in cls]


def enum_column(enum_cls: type[TitledEnum], **kwargs) -> sa.Enum:
    """A portable enum column: stored as its value, checked by the database."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
        name=kwargs.pop("name", enum_cls.__name__.lower()),
        **kwargs,
    )
