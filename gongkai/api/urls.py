"""The API's URL patterns, mounted at /api/. Every endpoint but the staff ones is public."""

from gongkai.accounts.access import public_view
from gongkai.api.api import STAFF_URL_NAMES, api

urlpatterns, _app, _namespace = api.urls
# ninja names its app "ninja"; the namespace its OpenAPI view reverses is the API's own.
app_name = "api"
for _pattern in urlpatterns:
    if _pattern.name not in STAFF_URL_NAMES:
        public_view(_pattern.callback)
