"""``SealedText``: a text column sealed on a shared PostgreSQL database.

On PostgreSQL, when the ``Database`` was given a field key that seals
(``[security] encrypt_fields``), a value is sealed as it is bound
(``console.field_crypto.cipher``) and opened as it is read. A value without
the sealed prefix is read as it is: rows written before sealing was turned
on stay readable until ``db encrypt-fields`` seals them. On SQLite nothing
happens either way: the embedded file is encrypted whole (SQLCipher).

The key reaches the type through the engine's dialect (``attach``), which
every connection, session and migration of one ``Database`` shares, and
which no other ``Database`` in the process sees: two databases with two keys
(or none) never mix, and there is no global to set or reset.

The database cannot compare, search or sort a sealed column, so comparing
one in SQL raises ``TypeError`` on every dialect: code that works on SQLite
and silently matches nothing on PostgreSQL never gets written. Only
``IS NULL`` / ``IS NOT NULL`` are allowed. Exact matches go through a keyed
hash (``console.field_crypto.phones``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, Text, TypeDecorator, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import operators
from sqlalchemy.sql.functions import FunctionElement

from console.errors import DatabaseProblem
from console.field_crypto.cipher import PREFIX, SealedValueError, key_id_of

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect, Engine

    from console.field_crypto.cipher import FieldKey

_ATTRIBUTE = "hotline_field_sealer"
_NULL_TESTS = frozenset({operators.is_, operators.is_not})


@dataclass(frozen=True, slots=True)
class Sealer:
    """What a PostgreSQL engine carries: its field key (None: no key on this
    desk) and the database's description, for messages."""

    key: FieldKey | None
    where: str


def attach(engine: Engine, key: FieldKey | None, where: str) -> None:
    """Give ``engine``'s columns of type ``SealedText`` their key (``console.db.Database``)."""
    if engine.dialect.name == "postgresql":
        setattr(engine.dialect, _ATTRIBUTE, Sealer(key, where))


def sealer_of(dialect: Dialect) -> Sealer | None:
    """The engine's sealer; None on SQLite (never sealed)."""
    if dialect.name != "postgresql":
        return None
    return getattr(dialect, _ATTRIBUTE, None) or Sealer(None, "the PostgreSQL database")


def key_of(dialect: Dialect) -> FieldKey | None:
    sealer = sealer_of(dialect)
    return sealer.key if sealer is not None else None


class SealedFieldProblem(DatabaseProblem):
    """A sealed value that this desk cannot open: no key, another key, or altered."""


class SealedText(TypeDecorator[str]):
    """Text sealed on a shared PostgreSQL database; ``column`` ("table.column")
    is the associated data, ``length`` the VARCHAR length kept on SQLite."""

    impl = Text
    cache_ok = True

    def __init__(self, column: str, length: int | None = None):
        super().__init__()
        self.column = column
        self.length = length

    def load_dialect_impl(self, dialect: Dialect):
        # PostgreSQL: TEXT (migration 0016), a sealed value is ~1.4x + 60
        # characters longer. SQLite keeps the declared VARCHAR(n) it ignores.
        if dialect.name == "postgresql" or self.length is None:
            return dialect.type_descriptor(Text())
        return dialect.type_descriptor(String(self.length))

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if not value or dialect.name != "postgresql":
            return value  # "" is left as it is: emptiness shows in a sealed value's length anyway
        key = key_of(dialect)
        return key.seal(value, self.column) if key is not None and key.sealing else value

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or dialect.name != "postgresql" or not value.startswith(PREFIX):
            return value
        return open_value(sealer_of(dialect), value, self.column)

    class comparator_factory(TypeDecorator.Comparator):
        def operate(self, op: Any, *other: Any, **kwargs: Any):
            if op in _NULL_TESTS:
                return super().operate(op, *other, **kwargs)
            raise _refused(self.type, op)

        def reverse_operate(self, op: Any, other: Any, **kwargs: Any):
            raise _refused(self.type, op)


def _refused(sealed: SealedText, op: Any) -> TypeError:
    return TypeError(f"{sealed.column} is sealed on a shared PostgreSQL database (console.field_crypto): the "
                     f"database cannot compare, search or sort it ({getattr(op, '__name__', op)}). Filter after "
                     "reading, or match a keyed hash as console.field_crypto.phones does.")


def open_value(sealer: Sealer | None, value: str, column: str) -> str:
    """A value read from ``column`` that carries the sealed prefix, opened."""
    where = sealer.where if sealer is not None else "the database"
    key = sealer.key if sealer is not None else None
    if key is None:
        raise SealedFieldProblem(
            where, f"Callers' details in this database are sealed (field key {key_id_of(value)}), and this desk "
            "has no field key to open them.",
            "IT: give this desk the site's field key file ([security] field_key_file, docs/encryption.md).")
    try:
        return key.open(value, column)
    except SealedValueError as exc:
        wrong_key = "this desk's field key is" in str(exc)
        raise SealedFieldProblem(
            where, f"A caller's detail cannot be read: {exc}. Nothing was shown in its place.",
            "IT: give this desk the site's field key file ([security] field_key_file)." if wrong_key else
            "IT: restore the value from the last backup, and find out who changed the database directly.",
        ) from None


class leading_chars(FunctionElement):  # lower case, as SQL functions are
    """The first ``chars`` characters of a text column: cut by SQLite (never
    sealed there); whole on PostgreSQL, where the value may be sealed and
    can only be cut after it is opened (the caller cuts it)."""

    inherit_cache = True

    def __init__(self, column, chars: int):
        super().__init__(column, literal_column(str(int(chars))))
        self.type = column.type


@compiles(leading_chars)
def _cut_in_sql(element: leading_chars, compiler, **kw) -> str:
    column, chars = element.clauses.clauses
    return f"substr({compiler.process(column, **kw)}, 1, {compiler.process(chars, **kw)})"


@compiles(leading_chars, "postgresql")
def _whole_value(element: leading_chars, compiler, **kw) -> str:
    return compiler.process(element.clauses.clauses[0], **kw)
