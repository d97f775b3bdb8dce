/**
 * The RabbitMQ channel layer, on Spring AMQP, laid out as Django Channels' channels_rabbitmq lays
 * out its exchange, queues and messages, so Spring and Django apps on one virtual host share groups
 * and process-local channels. Beyond channels_rabbitmq it has normal channels, flush, group expiry,
 * per-channel capacity and queues that outlive a reconnect.
 */
@NullMarked
package dev.channels.rabbitmq;

import org.jspecify.annotations.NullMarked;
