package dev.channels.bench.ws.handwritten;

/** One instance: a message goes straight to the room's sessions, on the receiving thread. */
final class LocalRelay implements RoomRelay {

  private final ChatRooms rooms;

  LocalRelay(ChatRooms rooms) {
    this.rooms = rooms;
  }

  @Override
  public void firstJoined(String room) {}

  @Override
  public void lastLeft(String room) {}

  @Override
  public void publish(String room, String json) {
    rooms.deliver(room, json);
  }
}
