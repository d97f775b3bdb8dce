/**
 * Monitoring of channel layers: Micrometer meters, a "channels" health contributor and the {@code
 * channels} actuator endpoint, each set up when the application has the library it needs.
 */
@NullMarked
package dev.channels.spring.actuate;

import org.jspecify.annotations.NullMarked;
