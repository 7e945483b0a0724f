"""Access cases for the operations URLs: the health endpoint is open to everyone."""

from tests.access import AccessCase, everyone

CASES = [
    AccessCase("health", lambda world: {}, everyone(200, anonymous=200)),
]
