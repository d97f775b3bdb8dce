package dev.channels.test.contract;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * How a backend lays out the names {@code newChannel(prefix)} makes, for the contract to check them
 * against: the in-memory and Redis layers lay them out as channels_redis does, a RabbitMQ layer as
 * channels_rabbitmq does. Every layout puts one {@code !} in the name, and the part before it is
 * the same for every name of one layer instance and differs between instances.
 *
 * @param pattern the regular expression every name made with a given prefix matches
 * @param longestPrefix the longest prefix that keeps the name within 99 characters, which Django
 *     accepts; one character more is refused
 */
public record ChannelNaming(UnaryOperator<String> pattern, int longestPrefix) {

  /** channels_redis's layout: {@code <prefix>.<32 hex digits>!<32 hex digits>}. */
  public static ChannelNaming channelsRedis() {
    return new ChannelNaming(prefix -> Pattern.quote(prefix) + "\\.[0-9a-f]{32}![0-9a-f]{32}", 33);
  }

  /** Whether {@code name} is laid out as {@code newChannel(prefix)} lays out its names. */
  public boolean matches(String name, String prefix) {
    return name.matches(pattern.apply(prefix));
  }
}
