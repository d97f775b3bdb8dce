/**
 * Spring Boot auto-configuration of the RabbitMQ backend: {@code channels.layers.<alias>.backend:
 * rabbitmq} with the starter on the classpath, connecting with Spring Boot's {@code
 * spring.rabbitmq.*} settings.
 */
@NullMarked
package dev.channels.rabbitmq.autoconfigure;

import org.jspecify.annotations.NullMarked;
