"""Moving an item up or down a list ordered by its ``position``."""


def move(items: list, item, offset: int) -> bool:
    """Swap ``item`` with its neighbour ``offset`` places away (-1 up, +1 down).

    ``items`` is the whole list in its current order; positions are renumbered 0, 1, 2, ...
    so that gaps and ties left by earlier edits disappear. Returns whether the item moved.
    """
    index = items.index(item)
    target = index + offset
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for position, each in enumerate(items):
        each.position = position
    return True


def next_position(items) -> int:
    """The position for an item added at the end."""
    return max((each.position for each in items), default=-1) + 1
