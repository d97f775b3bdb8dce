/**
 * How consumers run on WebSocket sessions: handler discovery, argument resolution, one serial event
 * queue and one bounded outbound queue per session. Internal: may change without notice.
 */
@NullMarked
package dev.channels.spring.consumer;

import org.jspecify.annotations.NullMarked;
