"""The one read path: what a page, export or command shows passes through the caller's grant here.

Every result of an ``lmp_metrics`` call made for a person goes through ``guard`` (the app through
``ui.data``, commands and scripts through ``ScopedReader``), so no page has to remember a check. It
looks at values, not at column names a query happened to choose: a cell holding a name outside the
caller's reach is found whatever its column is called (``group``, ``Facility``, an index, a pivot's
column headers, a list of picker options, a field of a dataclass).

- **Everything** (admins, national leaders): results pass unchanged.
- **A scope** (leaders of a region, service area or facility): rows naming a region, service area,
  facility, department or team outside the scope are dropped; options and columns with such names
  too; a record naming one becomes None ("not found").
- **Own team** (co-leads; viewers, who have none): team ids and names of every other team are blanked,
  and a row about another team also loses its service area, facility and department (with them a
  team-level row would name its team); the row itself stays, so a project keeps its title, topic,
  result and region. Aggregates by department, facility or region are within the grant (see the
  About page) and pass unchanged.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from lmp_metrics.access.filters import HIERARCHY, Filters
from lmp_metrics.access.grants import Access, AccessDenied, resolve_access
from lmp_metrics.core.database import Database

if TYPE_CHECKING:  # pandas, numpy and pyarrow load only when a result is a frame
    import numpy as np
    import pandas as pd
    import pyarrow as pa

# The team columns that name a unit, from the hierarchy (region … department, then the team's id
# and name); in a row about one team, the levels below region name it.
UNIT_COLUMNS = tuple(column for level, column in HIERARCHY.items() if level not in ("national", "team"))
NAME_COLUMNS = (*UNIT_COLUMNS, HIERARCHY["team"], "team_name")
BELOW_REGION = frozenset({*UNIT_COLUMNS[1:], "team", "team_name"})
# Columns of other vocabularies, never a unit's name, though a value may be spelled like one (a
# department type "ICU" where some facility calls its department "ICU"): not matched.
OTHER_VOCABULARIES = frozenset(
    {
        "department_type",
        "topic",
        "title",
        "metric_name",
        "result_note",
        "status",
        "course_id",
        "course_title",
        "role",
        "labor_group",
        "labor_partner",
        "index_name",
        "dimension_name",
        "family",
    }
)


@dataclass(frozen=True)
class Reach:
    """Whose names a caller may see. Callers with the same reach see the same results, so results
    are cached per reach, not per person."""

    kind: Literal["all", "scope", "own_team"]
    scope: Filters = field(default_factory=Filters)
    own_team_ids: tuple[str, ...] = ()


def reach(access: Access) -> Reach:
    """The reach of an Access: everything, its scope (leaders), or its own team (co-lead, viewer)."""
    if not access.can_see_team_rows():
        return Reach("own_team", own_team_ids=access.own_team_ids)
    return Reach("all") if access.is_national else Reach("scope", access.scope)


def hidden_names(db: Database, seen: Reach) -> frozenset[str]:
    """The names (and team ids) that must not reach a caller with this reach."""
    if seen.kind == "all":
        return frozenset()
    columns = ", ".join(NAME_COLUMNS)
    every = db.rows(f"SELECT {columns} FROM teams")
    if seen.kind == "scope":
        where, params = seen.scope.team_where()
        mine = db.rows(f"SELECT {columns} FROM teams WHERE {where}", params)
        return frozenset(_names(every)) - frozenset(_names(mine))
    # Own team: other teams' ids and names; a team named like its department keeps that name
    # visible as the department's (aggregates by department are within the grant).
    units = frozenset(name for row in every for name in row[: len(UNIT_COLUMNS)])
    own = set(seen.own_team_ids)
    team = len(UNIT_COLUMNS)  # the team id's position; its name follows
    return frozenset(n for row in every if row[team] not in own for n in row[team:]) - units


def _names(rows: list[tuple]) -> set[str]:
    return {name for row in rows for name in row if name is not None}


def guard(result: Any, seen: Reach, hidden: frozenset[str]) -> Any:
    """``result`` without the ``hidden`` names, by the rules of ``seen.kind`` (see module docstring).

    Frames, lists, tuples, dicts, dataclasses, named tuples and plain strings are guarded
    (containers element by element; a list loses the elements that come back None); numbers, dates
    and None pass as they are.
    """
    if not hidden:
        return result
    import pandas as pd  # only results that are frames need it

    if isinstance(result, pd.DataFrame):
        return _guard_frame(result, seen, hidden)
    if isinstance(result, str):
        return None if result in hidden else result
    if isinstance(result, tuple) and type(result) is not tuple:  # a named tuple: a record
        return _guard_record(result, seen, hidden)
    if isinstance(result, list):  # rows or options: those that come back None (hidden) go
        return [g for v in result if (g := guard(v, seen, hidden)) is not None or v is None]
    if isinstance(result, tuple):  # positions matter (several results at once): kept
        return tuple(guard(v, seen, hidden) for v in result)
    if isinstance(result, dict):
        return {k: guard(v, seen, hidden) for k, v in result.items() if k not in hidden}
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return _guard_record(result, seen, hidden)
    return result


def _guard_record(record: Any, seen: Reach, hidden: frozenset[str]) -> Any:
    """A dataclass or named tuple: None for a scoped leader when a field names a unit outside the
    scope; otherwise such fields (and, in a record about another team, those below region) blanked."""
    named_tuple = isinstance(record, tuple)
    if named_tuple:  # its constructor's parameters are its fields, in order
        fields = dict(zip(inspect.signature(type(record)).parameters, record, strict=True))
    else:
        fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    named = {
        name
        for name, value in fields.items()
        if isinstance(value, str) and value in hidden and name not in OTHER_VOCABULARIES
    }
    if not named:
        changes = {n: guard(v, seen, hidden) for n, v in fields.items()}
    elif seen.kind == "scope":
        return None
    else:
        changes = dict.fromkeys(named | (BELOW_REGION & set(fields)))
    return type(record)(**{**fields, **changes}) if named_tuple else dataclasses.replace(record, **changes)


def _guard_frame(frame: pd.DataFrame, seen: Reach, hidden: frozenset[str]) -> pd.DataFrame:
    import numpy as np

    named_columns = [c for c in frame.columns if isinstance(c, str) and c in hidden]
    if named_columns:
        frame = frame.drop(columns=named_columns)
    found = {c: _hits(frame[c], hidden) for c in frame.columns if _normal(c) not in OTHER_VOCABULARIES}
    found = {c: hits for c, hits in found.items() if hits is not None}
    in_index = _hits(frame.index, hidden)
    named = np.zeros(len(frame), dtype=bool)
    for hits in [*found.values(), *([] if in_index is None else [in_index])]:
        named |= hits
    if not named.any():
        return frame
    if seen.kind == "scope":
        return frame.loc[~named]
    out = frame.copy()
    for column, hits in found.items():
        blank = hits | named if _normal(column) in BELOW_REGION else hits
        if blank.any():
            out[column] = out[column].astype(object).where(~blank, None)
    if in_index is not None and in_index.any():
        out.index = [None if hide else value for value, hide in zip(out.index, in_index, strict=True)]
    return out


def _hits(values: pd.Series | pd.Index, hidden: frozenset[str]) -> np.ndarray | None:
    """Which of ``values`` are hidden names; None for values that cannot hold a name (numbers, dates).

    Matched in Arrow against the hidden names built once per set: pandas' own ``isin`` on Arrow
    strings rebuilds the set value by value on every call (~200 ms per column at kp)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    types = pd.api.types
    if not (
        types.is_object_dtype(values)
        or types.is_string_dtype(values)
        or isinstance(values.dtype, pd.CategoricalDtype)
    ):
        return None
    try:
        arrow = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        arrow = None  # mixed cells (lists, dates and text): checked one by one below
    if arrow is not None and pa.types.is_dictionary(arrow.type):
        arrow = arrow.dictionary_decode()
    if arrow is None or not (pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type)):
        return np.array([isinstance(v, str) and v in hidden for v in values], dtype=bool)
    found = pc.is_in(arrow, value_set=_value_set(hidden, pa.types.is_large_string(arrow.type)))
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


@functools.lru_cache(maxsize=16)
def _value_set(hidden: frozenset[str], large: bool) -> pa.Array:
    import pyarrow as pa

    return pa.array(sorted(hidden), type=pa.large_string() if large else pa.string())


def _normal(column: object) -> str:
    return str(column).strip().lower().replace(" ", "_")


class ScopedReader:
    """A Database read through one caller's grant: ``reader.read(fn, *args)`` is
    ``fn(db, *args)`` guarded. Commands and scripts read through it; the app through ``ui.data``."""

    def __init__(self, db: Database, access: Access) -> None:
        self.db = db
        self.access = access
        self.reach = reach(access)
        self.hidden = hidden_names(db, self.reach)

    @classmethod
    def for_identity(cls, db: Database, identity: str | None) -> ScopedReader:
        """A reader for a command run as ``identity`` (``--as``); without one, as the holder of the
        database file, who can read all of it anyway (national admin)."""
        if identity is None:
            return cls(db, Access("command line", "admin"))
        access = resolve_access(db, identity)
        if access is None:
            raise AccessDenied(f"no access has been granted to {identity}")
        return cls(db, access)

    def read(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return guard(fn(self.db, *args, **kwargs), self.reach, self.hidden)
