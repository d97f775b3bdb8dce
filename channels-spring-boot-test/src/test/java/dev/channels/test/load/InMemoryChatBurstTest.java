package dev.channels.test.load;

import java.util.List;

/** The burst on one instance with its layer in memory. */
class InMemoryChatBurstTest extends ChatBurstContract {

  @Override
  protected List<String> applicationArguments() {
    return List.of();
  }
}
