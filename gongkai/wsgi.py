"""WSGI entry point: ``gunicorn gongkai.wsgi``. Request bodies over their path's limit are
refused before they are read (gongkai.lib.bodylimit).

Importing this module also loads the URLconf (and with it every view, form and model) and then
freezes the cyclic garbage collector's view of what exists so far (``gc.freeze``): those objects
live as long as the process, and a full collection no longer walks them. Unfrozen, a gunicorn
worker holds ≈ 190,000 tracked objects and every few hundred requests a full collection spends
60–100 ms of CPU on them in the middle of a request (measured under bench/load.sh, scale 40);
frozen, the ≈ 28,000 objects made by requests are left and no full collection ran in 1,000
requests a worker. Under gunicorn without ``--preload`` each worker imports this module after
the fork; with it, the master freezes before forking and the workers share the frozen pages.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from gongkai.lib.bodylimit import BodyLimit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = BodyLimit(get_wsgi_application())
get_resolver().url_patterns  # noqa: B018 (imports the views now, not in the first request)
gc.collect()
gc.freeze()
