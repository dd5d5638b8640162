"""Every permission check lives in this package, as ``access_*`` functions that take the
user first.  Views, API endpoints and services ask here; nothing else looks at roles.

``base`` holds the roles and department scope; each domain adds its own module."""

from .accountability import *  # noqa: F401,F403,E402
from .applications import *  # noqa: F401,F403,E402
from .base import *  # noqa: F401,F403
from .catalogue import *  # noqa: F401,F403,E402
from .insights import *  # noqa: F401,F403,E402
from .inspections import *  # noqa: F401,F403,E402
from .supervision import *  # noqa: F401,F403,E402
from .workorders import *  # noqa: F401,F403,E402
