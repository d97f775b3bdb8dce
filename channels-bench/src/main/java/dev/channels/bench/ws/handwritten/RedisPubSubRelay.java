package dev.channels.bench.ws.handwritten;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Rooms shared by instances over Redis pub/sub: every message is PUBLISHed to {@code room:<room>},
 * and each instance subscribes to the rooms its sessions are in. Lettuce directly rather than
 * Spring Data's listener container, whose default executor starts a thread per message and so would
 * reorder a room's messages: here a subscriber's messages are written to the sessions on Lettuce's
 * connection thread, in the order Redis sent them.
 */
final class RedisPubSubRelay implements RoomRelay, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(RedisPubSubRelay.class);
  private static final String PREFIX = "room:";

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> publisher;
  private final StatefulRedisPubSubConnection<String, String> subscriber;

  RedisPubSubRelay(ChatRooms rooms, String uri) {
    client = RedisClient.create(uri);
    publisher = client.connect();
    subscriber = client.connectPubSub();
    subscriber.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String json) {
            rooms.deliver(channel.substring(PREFIX.length()), json);
          }
        });
  }

  // Blocking, so that a session's room is subscribed to before its handshake's handler returns;
  // the handler calls these under the rooms' lock, so subscribes and unsubscribes of a room stay in
  // order.
  @Override
  public void firstJoined(String room) {
    subscriber.sync().subscribe(PREFIX + room);
  }

  @Override
  public void lastLeft(String room) {
    subscriber.sync().unsubscribe(PREFIX + room);
  }

  // Not waited for: one connection keeps a sender's messages in order, and the receiving thread
  // is free for the next frame while Redis confirms.
  @Override
  public void publish(String room, String json) {
    publisher
        .async()
        .publish(PREFIX + room, json)
        .exceptionally(
            e -> {
              log.warn("PUBLISH to {} failed: {}", room, e.toString());
              return 0L;
            });
  }

  @Override
  public void destroy() {
    subscriber.close();
    publisher.close();
    client.shutdown();
  }
}
