package dev.channels.test.soak;

import java.util.List;

/** The churn soak on the in-memory layer. */
class InMemoryChurnSoakTest extends ChurnSoakContract {

  @Override
  protected String backend() {
    return "in-memory";
  }

  @Override
  protected List<String> applicationArguments() {
    return List.of();
  }
}
