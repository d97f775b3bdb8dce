"""The worker's routing, as Django's docs show it: a ChannelNameRouter from channel to consumer."""
from channels.routing import ChannelNameRouter, ProtocolTypeRouter

from workerpeer.consumers import Thumbnails

application = ProtocolTypeRouter({"channel": ChannelNameRouter({"thumbnails": Thumbnails.as_asgi()})})
