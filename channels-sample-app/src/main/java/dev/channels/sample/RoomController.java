package dev.channels.sample;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Serves the chat page for every room, as the tutorial's {@code room/<room_name>/} view. */
@Controller
class RoomController {

  @GetMapping("/chat/{room}/")
  String room() {
    return "forward:/room.html";
  }
}
