"""The one query counter: the tests' ``count_queries`` fixture, the query-count tests and the
benchmark (``bench/``) all count SQL statements with it.

    with QueryCounter(db.engine) as counter:
        client.get(url)
    counter.count, counter.statements
"""

import sqlalchemy as sa


class QueryCounter:
    """Counts, and keeps, the SQL statements an engine sends while the counter listens (from
    ``start()`` or ``with`` to ``stop()`` or the end of the block)."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        """Forget what was counted so far (the counter keeps listening)."""
        self.statements.clear()

    def start(self) -> "QueryCounter":
        sa.event.listen(self.engine, "before_cursor_execute", self._before)
        return self

    def stop(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._before)

    def __enter__(self) -> "QueryCounter":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)


def row_counts(session) -> dict[str, int]:
    """The number of rows of every table of the schema, read in one query."""
    from sessiontrack.extensions import db

    tables = db.metadata.sorted_tables
    query = sa.union_all(
        *(
            sa.select(
                sa.literal(table.name).label("name"), sa.func.count().label("rows")
            ).select_from(table)
            for table in tables
        )
    )
    counts = dict(session.execute(query).all())
    assert len(counts) == len(tables)
    return counts
