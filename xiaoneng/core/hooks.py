"""The one plug-in mechanism.  A package offers a slot by giving it a name and calling
:func:`get_hooks`; other packages fill it from their ``AppConfig.ready`` with
:func:`register`.  Slots are how a lower package lets higher ones take part without
importing them (the calendar tells the clocks it changed; intake runs the duplicate check;
supervision runs the checks each domain registers)::

    hooks.register("workorders.after_intake", duplicate_check)
    for fn in hooks.get_hooks("workorders.after_intake"):
        fn(workorder_id)

Keyed slots hold one entry per key (``register("clocks.recompute", fn, key=subject_type)``,
read with :func:`get_hook`).  Tests swap entries in and out with
:func:`register_temporarily`.  Registration happens once per process at start-up; nothing is
shared between processes or changed while serving."""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from typing import Any

_listed: dict[str, list] = defaultdict(list)
_keyed: dict[str, dict] = defaultdict(dict)


def register(name: str, item: Any, *, key: str | None = None) -> Any:
    """Add ``item`` to slot ``name`` (once), or set it for ``key`` in a keyed slot."""
    if key is not None:
        _keyed[name][key] = item
    elif item not in _listed[name]:
        _listed[name].append(item)
    return item


def get_hooks(name: str) -> list:
    """Everything registered in slot ``name``, in registration order."""
    return list(_listed.get(name, ()))


def get_hook(name: str, key: str, default: Any = None) -> Any:
    return _keyed.get(name, {}).get(key, default)


def keyed(name: str) -> dict:
    """A keyed slot's entries ({key: item})."""
    return dict(_keyed.get(name, {}))


@contextmanager
def isolated(name: str):
    """Run a block with slot ``name`` empty, then put back what it held (tests)."""
    saved_list, saved_keyed = list(_listed.get(name, ())), dict(_keyed.get(name, {}))
    _listed[name], _keyed[name] = [], {}
    try:
        yield
    finally:
        _listed[name], _keyed[name] = saved_list, saved_keyed


@contextmanager
def register_temporarily(name: str, item: Any, *, key: str | None = None):
    """Add ``item`` to a slot for the duration of a block (tests)."""
    saved_list, saved_keyed = list(_listed.get(name, ())), dict(_keyed.get(name, {}))
    register(name, item, key=key)
    try:
        yield item
    finally:
        _listed[name], _keyed[name] = saved_list, saved_keyed
