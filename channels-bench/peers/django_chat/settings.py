"""The smallest Django project that serves the Channels tutorial's chat over channels_redis.

Started by the WebSocket harness (dev.channels.bench.ws.WsBench) as two daphne processes, from
channels-bench/peers, with Debian's /usr/bin/python3:

    DJANGO_SETTINGS_MODULE=django_chat.settings BENCH_CHANNELS_PREFIX=... \
        /usr/bin/python3 -m daphne -b 127.0.0.1 -p PORT django_chat.asgi:application

The channel layer keeps channels_redis' defaults (capacity 100, expiry 60 s) except its key
prefix, which the harness makes unique per run so that runs never see each other's groups.
"""
import os

SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["channels"]
ROOT_URLCONF = "django_chat.settings"  # no HTTP views: every GET answers 404
urlpatterns = []
ASGI_APPLICATION = "django_chat.asgi.application"
USE_TZ = True

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [(os.environ.get("BENCH_REDIS_HOST", "127.0.0.1"),
                       int(os.environ.get("BENCH_REDIS_PORT", "6379")))],
            "prefix": os.environ.get("BENCH_CHANNELS_PREFIX", "asgi"),
        },
    },
}
