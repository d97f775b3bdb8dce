"""ASGI entry point: the tutorial's chat route on a URLRouter, and Django for plain HTTP.

The tutorial also wraps the router in AllowedHostsOriginValidator and AuthMiddlewareStack; the
load client sends no Origin and no session cookie, and the auth stack needs a database this
benchmark has no use for, so neither is here.
"""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_chat.settings")
# Set Django up before importing consumers, as the tutorial's asgi.py does.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import re_path  # noqa: E402

from . import consumers  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": URLRouter(
            [re_path(r"ws/chat/(?P<room_name>\w+)/$", consumers.ChatConsumer.as_asgi())]
        ),
    }
)
