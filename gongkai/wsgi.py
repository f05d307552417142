"""WSGI entry point: ``gunicorn gongkai.wsgi``. Request bodies over their path's limit are
refused before they are read (gongkai.lib.bodylimit)."""

import os

from django.core.wsgi import get_wsgi_application

from gongkai.lib.bodylimit import BodyLimit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = BodyLimit(get_wsgi_application())
