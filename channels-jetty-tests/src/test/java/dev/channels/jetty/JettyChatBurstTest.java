package dev.channels.jetty;

import dev.channels.test.load.ChatBurstContract;
import java.util.List;

/** The burst, on Jetty: every frame reaches every reader, and a frozen client is closed. */
class JettyChatBurstTest extends ChatBurstContract {

  @Override
  protected List<String> applicationArguments() {
    return List.of();
  }
}
