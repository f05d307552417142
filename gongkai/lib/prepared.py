"""Querysets compiled to SQL once per server process and run again with other values.

Django builds a queryset's SQL afresh each time it runs one: the query's joins, its columns, its
conditions and its ordering are worked out again from the models for every request. On the
staff document page that was a third of the page's time, for five queries whose SQL is the
same on every request but for the document's id and the agencies the user sees.

``prepared(build)`` takes a function of some values that returns a queryset and gives a function
of the same values that returns the queryset's results as a list (model instances, or tuples
for ``values_list``), as ``list(build(*values))`` would. The first call for a *shape* of values
(the kinds of the values, the lengths of the tuples of ids, any other value itself) builds the
queryset twice, with two sets of stand-in values, and compiles both: the SQL must come out the
same and every stand-in must appear among the SQL's parameters, where the other set's
stand-in appears too. Then the SQL is kept with the places of the values in its parameters,
and later calls of that shape run it with their own values, turning the rows into results as
Django does (its own iterables, from a copy of the compiler the query was compiled with). A
queryset the check refuses, or values of another kind, are run through Django every time.

Values given as stand-ins: an ``int`` other than 0 (within the 32-bit range, so that Django's
handling of out-of-range integers never differs), a ``str`` other than "", and a tuple of
distinct such ints (for ``IN``); any other value (0, "", (), None, a bool, a date) is part of
the shape and passed to ``build`` as it is. So ``build`` may choose its conditions by whether a
value is given (``if q:``, ``if ids is None``) and by its kind, but by nothing else of it.
A text value may also stand in a LIKE pattern (``contains``, ``startswith``): the pattern is
made again from each call's value with the database's own escaping. A value wrapped in
``Fixed`` is part of the shape too (a slice's bounds, which the SQL holds as text). ``count``
counts a call's rows as Django counts a sliced query's. Model instances are made as
``Model.from_db`` makes them, without its ``__init__`` when that would only store the values.

Plans are kept per process, at most ``MAX_SHAPES`` a query; the SQL depends on the code only,
so nothing needs invalidating (a deployment restarts the processes).
"""

from __future__ import annotations

import copy
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

_INT_LOW, _INT_HIGH = -(2**31), 2**31 - 1
# Stand-ins: two sets that no real value of a query of ours is (ids are small), of opposite
# signs, so that a build that chooses its conditions by a value's sign (``if page > 1``) gives
# two different queries and is refused rather than kept with the stand-ins' choice.
_MARKER_BASES = (-1_000_000_000, 2_000_000_000)
# With the characters a LIKE pattern escapes, so that a pattern made of a value is recognised
# only when made as Django makes one (``prep_for_like_query``).
_STRING_MARKER = "\x1f%_\\prepared-{}-{}\x1f"
_MAX_CONNECTIONS = 16  # connection objects a plan keeps converters for
MAX_SHAPES = 200  # plans kept per query, the least recently used going first
_MAX_IDS = 1000  # ids in one tuple: the stand-ins of the next value begin 1000 further on


@dataclass(frozen=True)
class _Plan:
    alias: str
    sql: str
    # For each parameter: (argument, element) of the value it takes, element -1 for a scalar;
    # or (-1, constant) for a parameter that is the same for every call.
    slots: tuple[tuple[int, Any], ...]
    compiler: Any
    iterable_class: type
    model: Any
    # The columns' converters (Django's get_converters) for each connection object they were
    # worked out for: they depend on the columns and the connection alone.
    converters: dict[Any, Any] = field(default_factory=dict, compare=False)


class _Run:
    """What Django's iterables read of a queryset, for one run of a plan."""

    def __init__(self, plan: _Plan, params: list[Any]) -> None:
        compiler = copy.copy(plan.compiler)
        connection = connections[plan.alias]
        compiler.connection = connection
        sql = plan.sql
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        converters = plan.converters.get(connection)
        if converters is None:
            columns = [column[0] for column in compiler.select[0 : compiler.col_count]]
            converters = compiler.get_converters(columns)
            if len(plan.converters) >= _MAX_CONNECTIONS:  # threads come and go (a dev server)
                plan.converters.clear()
            plan.converters[connection] = converters
        compiler.get_converters = lambda expressions: converters
        self.db = plan.alias
        self.model = plan.model
        self._known_related_objects: dict[Any, Any] = {}
        self.query = self
        self._compiler = compiler

    def get_compiler(
        self, using: Any = None, connection: Any = None, elide_empty: bool = True
    ) -> Any:
        return self._compiler


@dataclass(frozen=True)
class Fixed:
    """A value given to ``build`` as it is, part of the shape: one that the SQL holds as text
    rather than as a parameter (a slice's bounds: LIMIT and OFFSET)."""

    value: Hashable


class _ModelRows(ModelIterable):
    """Django's ModelIterable for a plan's run (which has no known related objects), its rows'
    instances made without ``Model.__init__`` when that would only have stored the values
    (``_plain_model``): the same attributes and state, some 25 calls a row fewer."""

    def __iter__(self) -> Any:
        run = self.queryset
        if not _plain_model(run.model):
            yield from super().__iter__()
            return
        db = run.db
        compiler = run.query.get_compiler(using=db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        select, klass_info, annotation_col_map = (
            compiler.select,
            compiler.klass_info,
            compiler.annotation_col_map,
        )
        model_cls = klass_info["model"]
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        related_populators = get_related_populators(klass_info, select, db)
        new = model_cls.__new__
        for row in compiler.results_iter(results):
            obj = new(model_cls)
            state = ModelState()
            state.adding = False
            state.db = db
            values = obj.__dict__
            values["_state"] = state
            values.update(zip(init_list, row[start:end], strict=True))
            for rel_populator in related_populators:
                rel_populator.populate(row, obj)
            if annotation_col_map:
                for attr_name, col_pos in annotation_col_map.items():
                    setattr(obj, attr_name, row[col_pos])
            yield obj


# Descriptors whose __set__ (if any) on a new instance only stores the value in its __dict__.
_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute, FileDescriptor)


def _plain_model(model: Any) -> bool:
    """Whether ``Model.from_db`` would only store the row's values on a new instance of
    ``model``: Django's own ``__init__`` and ``from_db``, nothing listening for its
    ``pre_init`` or ``post_init``, and every field's attribute a plain one."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return False
    return _plain_class(model)


@lru_cache(maxsize=256)
def _plain_class(model: Any) -> bool:
    if model.__init__ is not Model.__init__ or model.__setattr__ is not Model.__setattr__:
        return False
    if model.from_db.__func__ is not Model.from_db.__func__:
        return False
    return all(
        type(inspect.getattr_static(model, field.attname, None)) in _PLAIN_DESCRIPTORS
        for field in model._meta.concrete_fields
    )


class Prepared:
    def __init__(self, build: Callable[..., QuerySet[Any]]) -> None:
        self.build = build
        self._plans: OrderedDict[Hashable, _Plan | None] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, *values: Any) -> list[Any]:
        plan, params = self._plan(values)
        if plan is None:
            return list(self.build(*_given(values)))
        iterable = _ModelRows if plan.iterable_class is ModelIterable else plan.iterable_class
        return list(iterable(_Run(plan, params)))

    def count(self, *values: Any) -> int:
        """``build(*values).count()``: the rows of a sliced query counted as Django counts
        them, ``SELECT COUNT(*)`` over it as a subquery."""
        plan, params = self._plan(values)
        if plan is None:
            return int(self.build(*_given(values)).count())
        with connections[plan.alias].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({plan.sql}) subquery", params)
            (found,) = cursor.fetchone()
        return int(found)

    def plan_for(self, *values: Any) -> _Plan | None:
        """The plan calls with ``values`` run (None: they go through Django each time)."""
        return self._plan(values)[0]

    def _plan(self, values: tuple[Any, ...]) -> tuple[_Plan | None, list[Any]]:
        shape = _shape(values)
        if shape is None:
            return None, []
        with self._lock:
            known = shape in self._plans
            if known:
                self._plans.move_to_end(shape)
                plan = self._plans[shape]
        if not known:
            plan = self._prepare(values)
            with self._lock:
                self._plans[shape] = plan
                while len(self._plans) > MAX_SHAPES:  # the least recently used goes
                    self._plans.popitem(last=False)
        if plan is None:
            return None, []
        params = [
            constant if argument < 0 else _value(values[argument], constant, plan.alias)
            for argument, constant in plan.slots
        ]
        return plan, params

    def _prepare(self, values: tuple[Any, ...]) -> _Plan | None:
        compiled = []
        for base in _MARKER_BASES:
            stand_ins = [_stand_in(value, base, number) for number, value in enumerate(values)]
            queryset = self.build(*stand_ins)
            if (
                queryset._iterable_class not in (ModelIterable, ValuesListIterable)
                or queryset._prefetch_related_lookups
                or queryset._known_related_objects
                or queryset.query.combinator
                or queryset.query.select_for_update
            ):
                return None
            compiler = queryset.query.get_compiler(using=queryset.db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:  # (an empty tuple for IN): Django answers without SQL
                return None
            places = _places(
                [
                    None if type(value) is Fixed else stand_in
                    for value, stand_in in zip(values, stand_ins, strict=True)
                ]
            )
            compiled.append((queryset, compiler, sql, list(params), places))
        (queryset, compiler, sql, params, places), (_, _, sql_b, params_b, places_b) = compiled
        stand_ins_of = {place: key[1] for key, place in places.items() if key[0] is str}
        if sql != sql_b or len(params) != len(params_b):
            return None
        slots: list[tuple[int, Any]] = []
        seen = set()
        like = connections[queryset.db].ops.prep_for_like_query
        for value, value_b in zip(params, params_b, strict=True):
            place = places.get(_marker_key(value))
            if place is None:
                pattern = _pattern(value, value_b, places, places_b, stand_ins_of, like)
                if pattern is not None:
                    seen.add(pattern[0])
                    slots.append((pattern[0][0], (pattern[0][1], pattern[1], pattern[2])))
                    continue
                if value != value_b or _marker_key(value_b) in places_b:
                    return None
                slots.append((-1, value))
            else:
                if places_b.get(_marker_key(value_b)) != place:
                    return None
                seen.add(place)
                slots.append(place)
        if seen != set(places.values()):  # a value that the SQL does not take as it is
            return None
        return _Plan(
            alias=queryset.db,
            sql=sql,
            slots=tuple(slots),
            compiler=compiler,
            iterable_class=queryset._iterable_class,
            model=queryset.model,
        )


def prepared(build: Callable[..., QuerySet[Any]]) -> Prepared:
    return Prepared(build)


def _shape(values: tuple[Any, ...]) -> Hashable | None:
    shape: list[Hashable] = []
    for value in values:
        if type(value) is int and value:
            if not _INT_LOW <= value <= _INT_HIGH:
                return None
            shape.append(int)
        elif type(value) is str and value:
            shape.append(str)
        elif type(value) is tuple and value:
            if not all(type(v) is int and v and _INT_LOW <= v <= _INT_HIGH for v in value):
                return None
            if len(set(value)) != len(value) or len(value) >= _MAX_IDS:
                return None
            shape.append((tuple, len(value)))
        else:
            try:
                hash(value)
            except TypeError:
                return None
            shape.append(("=", type(value), value))
    return tuple(shape)


def _given(values: tuple[Any, ...]) -> list[Any]:
    return [value.value if type(value) is Fixed else value for value in values]


def _stand_in(value: Any, base: int, number: int) -> Any:
    if type(value) is Fixed:
        return value.value
    if not value:  # 0, "", (): part of the shape, given as they are
        return value
    if type(value) is int:
        return base - number * 1000
    if type(value) is str:
        return _STRING_MARKER.format(base, number)
    if type(value) is tuple:
        return tuple(base - number * 1000 - 1 - element for element in range(len(value)))
    return value


def _places(stand_ins: list[Any]) -> dict[Any, tuple[int, int]]:
    places: dict[Any, tuple[int, int]] = {}
    for number, stand_in in enumerate(stand_ins):  # (None for a Fixed value)
        if not stand_in:
            continue
        if type(stand_in) is tuple:
            for element, marker in enumerate(stand_in):
                places[_marker_key(marker)] = (number, element)
        elif type(stand_in) in (int, str):
            places[_marker_key(stand_in)] = (number, -1)
    return places


def _marker_key(value: Any) -> Any:
    # A stand-in and a parameter are the same only if of the same kind (True == 1).
    try:
        hash(value)
    except TypeError:
        return (object(),)
    return (type(value), value)


def _value(value: Any, element: Any, alias: str) -> Any:
    if type(element) is tuple:  # a LIKE pattern of a text: (-1, prefix, suffix)
        _, prefix, suffix = element
        return prefix + connections[alias].ops.prep_for_like_query(value) + suffix
    return value if element < 0 else value[element]


def _pattern(
    value: Any,
    value_b: Any,
    places: dict[Any, tuple[int, int]],
    places_b: dict[Any, tuple[int, int]],
    stand_ins_of: dict[tuple[int, int], str],
    like: Callable[[str], str],
) -> tuple[tuple[int, int], str, str] | None:
    """Where a parameter is a LIKE pattern of a text value (``contains``, ``startswith`` and
    the like): the value's place and the pattern's text before and after it, found in both
    compilations alike; None if it is not one."""
    if type(value) is not str or type(value_b) is not str:
        return None
    for place, stand_in in stand_ins_of.items():
        escaped = like(stand_in)
        prefix, found, suffix = value.partition(escaped)
        if not found or escaped in suffix:
            continue
        stand_in_b = next((k[1] for k, p in places_b.items() if p == place), None)
        if stand_in_b is None or value_b != prefix + like(stand_in_b) + suffix:
            return None
        if "\x1f" in prefix + suffix:
            return None  # another value's stand-in in the same pattern
        return place, prefix, suffix
    return None
