"""A Django project that only runs a worker: `python3 -m django runworker thumbnails`, as the
interop tests start it. Redis and the key prefix come from the environment."""
import os

SECRET_KEY = "interop-tests-only"
DEBUG = False
INSTALLED_APPS = ["channels"]
ASGI_APPLICATION = "workerpeer.asgi.application"
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [os.environ["REDIS_URL"]], "prefix": os.environ["CHANNELS_PREFIX"]},
    }
}
