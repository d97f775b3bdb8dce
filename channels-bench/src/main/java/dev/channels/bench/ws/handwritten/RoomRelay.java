package dev.channels.bench.ws.handwritten;

/** How a room's messages reach its sessions: in this process only, or on every instance. */
interface RoomRelay {

  /** The first session of {@code room} in this process joined. */
  void firstJoined(String room);

  /** The last session of {@code room} in this process left. */
  void lastLeft(String room);

  /** Sends {@code json} to every session of {@code room} that this relay reaches. */
  void publish(String room, String json);
}
