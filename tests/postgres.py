"""PostgreSQL for the suite: a database per xdist worker, its schema built once, emptied per test.

Building the schema costs far more than emptying it, and workers sharing one database would see
each other's rows; so each worker gets `<database>_<worker>` (`test_gw0`, `test_gw1`, ...),
made on first use beside the database TEST_DATABASE_URL names.
"""

from functools import cache

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

import app.models  # noqa: F401 - every table on the metadata
from app.extensions import db


def worker_database_url(base_url: str, worker_id: str) -> str:
    url = make_url(base_url)
    name = f"{url.database}_{worker_id}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@cache
def _engine(url: str):
    return create_engine(url)


def build_schema(url: str) -> None:
    """The schema from the models, on an empty `public` (whatever an earlier run left)."""
    engine = _engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
        connection.execute(text("GRANT ALL ON SCHEMA public TO PUBLIC"))
    db.metadata.create_all(engine)


# DELETE, children before parents, then every sequence back to 1: about 20 ms for the whole
# schema, where TRUNCATE ... RESTART IDENTITY took 600-900 ms (it rewrites each table's files).
_EMPTY = "; ".join(
    [f'DELETE FROM "{table.name}"'  # noqa: S608 - names from our own models
     for table in reversed(db.metadata.sorted_tables)]
    + ["SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"
       " AND relnamespace = 'public'::regnamespace"]
)


def empty_tables(url: str) -> None:
    """Every row gone and every id counting from 1 again, as on a new schema.

    A few tests drop or rebuild the schema themselves (migrations, database roles); then the
    DELETE fails and the schema is built again.
    """
    try:
        with _engine(url).begin() as connection:
            connection.exec_driver_sql(_EMPTY)
    except ProgrammingError:
        build_schema(url)
