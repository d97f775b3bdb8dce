/** Auto-configuration of channel layers and consumers, and its {@code channels.*} properties. */
@NullMarked
package dev.channels.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
