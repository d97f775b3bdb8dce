package dev.channels.test.autoconfigure;

import java.util.List;

/** The starter's own backend passes the contract a backend module's auto-configuration passes. */
class InMemoryAutoConfigurationContractTest extends BackendAutoConfigurationContract {

  @Override
  protected String backend() {
    return "in-memory";
  }

  @Override
  protected List<Class<?>> backendAutoConfigurations() {
    return List.of();
  }

  @Override
  protected List<String> brokerProperties(String alias) {
    return List.of();
  }
}
