"""Which package may import which, written down once (``core/tests/test_layers.py`` holds the
code to it, and ``docs/architecture.md`` draws it).

A package may import the packages on the layers below its own; never one on its own layer
or above.  So no two packages import each other, and a lower package lets a higher one take
part through :mod:`core.hooks <xiaoneng.core.hooks>` instead of importing it.
"""

LAYERS: list[tuple[str, ...]] = [
    ("settings", "schedule"),  # configuration
    ("celery", "domains"),  # the queue and the list of domain packages
    ("core",),  # clock, audit, errors, codes, hooks, validators
    ("org",),  # departments, staff, roles
    ("api", "web"),  # the API's and the pages' plumbing
    ("workdays", "notifications"),  # the working-day calendar; telling people
    ("clocks",),  # every deadline somebody must meet
    ("catalogue",),
    ("accountability",),
    ("inspections",),
    ("supervision",),
    ("applications", "workorders"),
    ("insights", "open311", "evaluation"),
    ("urls", "demo"),  # every page and endpoint; the demo city's loaders
    ("workbench", "portal", "bench", "wsgi", "asgi", "e2e"),  # the shells that put it all together; browser tests
]


def layer_of(package: str) -> int:
    for index, names in enumerate(LAYERS):
        if package in names:
            return index
    raise KeyError(f"package {package!r} is on no layer: add it to xiaoneng.layers.LAYERS")
