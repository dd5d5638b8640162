from xiaoneng.supervision.tests.conftest import _seeded_defaults, at, start, sweep  # noqa: F401
