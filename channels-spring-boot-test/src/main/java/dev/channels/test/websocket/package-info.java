/**
 * A WebSocket client for tests of Spring Channels applications, Django's {@code
 * WebsocketCommunicator} counterpart: {@link dev.channels.test.websocket.WebSocketTestClient}.
 */
@NullMarked
package dev.channels.test.websocket;

import org.jspecify.annotations.NullMarked;
