"""The signed-in user and what every staff page looks up about them — their agency, the agencies
they may see, whether they have a second factor, the request list's saved filters — kept between
requests instead of read again for each page (six of a staff page's ten queries were these).

Kept in each server process's memory, never in the shared cache: the user row holds the password
hash, which has no business in Redis. What is shared is one *generation* value in Django's cache
(Redis in production): any change to a user, an agency, a second-factor device or a saved filter
replaces it (``signals`` below, on save and delete, again once the transaction commits), and an
entry made under another generation is read again from the database. So a new role, agency,
password, deactivation, device or saved filter is seen by every process at the next request
(filters are saved seldom: every user's lookups read again then cost less than reading one
user's filters on each request); an entry also expires after
``TTL`` seconds, for changes made behind the ORM's back (``QuerySet.update``, raw SQL).

Each request gets its own copy of the user (and agencies): django-otp marks the request's
user as verified and Django caches permissions on it, neither of which may reach another
session. The copy (``request_copy``) shares only the immutable field values (text, numbers,
dates) with the kept user: a deep copy spent some 130 calls a page copying them. Log-out drops
the user's entry in this process; the session itself is gone (``flush``), so no other process
can reach the entry either.

On only when ``ACCOUNT_LOOKUP_CACHE`` is set (by default when ``REDIS_URL`` is: several server
processes must share the generation; one process, as in tests, may keep it in local memory).
"""

from __future__ import annotations

import copy
import datetime
import decimal
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.base import ModelState

T = TypeVar("T")

GENERATION_KEY = "accounts:lookups:generation"
TTL = 60.0  # seconds
MAX_USERS = 2000  # entries per process; the least recently used goes first

_lock = threading.Lock()
_entries: OrderedDict[int, _Entry] = OrderedDict()


@dataclass
class _Entry:
    generation: str
    stored: float
    user: Any  # never handed out: requests get copies
    values: dict[str, Any] = field(default_factory=dict)


def enabled() -> bool:
    return bool(getattr(settings, "ACCOUNT_LOOKUP_CACHE", False))


def generation() -> str:
    return shared_generation(GENERATION_KEY)


def shared_generation(key: str) -> str:
    """The value under ``key`` in the shared cache that entries kept in each process are
    stored with (here the per-user lookups; the request board's too)."""
    value = cache.get(key)
    if value is None:  # first use, or evicted: a new value, so that no old entry matches
        cache.add(key, uuid.uuid4().hex, timeout=None)
        value = cache.get(key)
    return str(value)


def renew_shared_generation(key: str) -> None:
    """Every process's entries kept under ``key``'s current value are stale."""
    cache.set(key, uuid.uuid4().hex, timeout=None)


def invalidate() -> None:
    """Every process's entries are stale: now, and again when the transaction commits (a
    request between the two would read the old row and store it under the first value)."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    renew_shared_generation(GENERATION_KEY)


def forget(user_id: Any) -> None:
    with _lock:
        _entries.pop(_key(user_id), None)


def clear() -> None:
    with _lock:
        _entries.clear()


def session_user(user_id: Any, load: Callable[[Any], Any]) -> Any:
    """The user of a session (``load(user_id)`` reads it, with its agency), from this
    process's entry when it is current."""
    if not enabled():
        return load(user_id)
    key = _key(user_id)
    current = generation()
    now = time.monotonic()
    with _lock:
        entry = _entries.get(key)
        if entry is not None and (entry.generation != current or now - entry.stored > TTL):
            del _entries[key]
            entry = None
        if entry is not None:
            _entries.move_to_end(key)
    if entry is None:
        user = load(user_id)
        if user is None:
            return None
        entry = _Entry(generation=current, stored=now, user=copy.deepcopy(user))
        with _lock:
            _entries[key] = entry
            while len(_entries) > MAX_USERS:
                _entries.popitem(last=False)
    handed = request_copy(entry.user)
    handed._gongkai_lookups = entry.values
    return handed


# Values no request can change in place: shared between the kept user and its copies.
_IMMUTABLE = frozenset(
    {
        str,
        int,
        float,
        bool,
        type(None),
        bytes,
        datetime.datetime,
        datetime.date,
        datetime.time,
        datetime.timedelta,
        decimal.Decimal,
        uuid.UUID,
    }
)


def request_copy(instance: Any) -> Any:
    """A copy of a model ``instance`` that nothing done to it can reach ``instance`` through,
    as ``copy.deepcopy`` makes: its own attributes, its own state and related objects (copied
    the same way), every value deep-copied except those of an immutable type, shared."""
    new = instance.__class__.__new__(instance.__class__)
    values = new.__dict__
    for name, value in instance.__dict__.items():
        if name == "_state":
            value = _state_copy(value)
        elif type(value) not in _IMMUTABLE:
            value = copy.deepcopy(value)
        values[name] = value
    return new


def _state_copy(state: ModelState) -> ModelState:
    new = ModelState()
    for name, value in state.__dict__.items():
        if name == "fields_cache":
            value = {
                key: request_copy(related) if isinstance(related, Model) else copy.deepcopy(related)
                for key, related in value.items()
            }
        elif type(value) not in _IMMUTABLE:
            value = copy.deepcopy(value)
        setattr(new, name, value)
    return new


def remembered(user: Any, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` for this user, kept with the user's entry (if it came from one) until the
    entry goes. The value must not be changed by its callers; hand out copies of models."""
    values: dict[str, Any] | None = getattr(user, "_gongkai_lookups", None)
    if values is None:
        return compute()
    if name not in values:
        values[name] = compute()
    found: T = values[name]
    return found


def _key(user_id: Any) -> int:
    return int(user_id)
