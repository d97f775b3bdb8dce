package dev.channels.spring.consumer;

import dev.channels.spring.autoconfigure.ChannelsProperties.Action;
import java.time.Duration;

/** How consumers treat their sessions, read from {@code channels.consumer} and websocket. */
record ConsumerSettings(
    Action unhandledType, Action handlerError, Duration sendTimeLimit, long sendBufferSizeLimit) {}
