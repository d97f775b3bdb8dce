"""The Django side of a worker channel: it handles thumbnails.generate by answering on the channel
the request names, so the test can see that the message reached it."""
from channels.consumer import AsyncConsumer


class Thumbnails(AsyncConsumer):
    async def thumbnails_generate(self, message):
        await self.channel_layer.send(
            message["reply_to"], {"type": "thumbnails.done", "id": message["id"], "by": "django"}
        )
