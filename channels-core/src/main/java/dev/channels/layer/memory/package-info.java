/** The in-memory channel layer: one process, no broker, the embedded default. */
@NullMarked
package dev.channels.layer.memory;

import org.jspecify.annotations.NullMarked;
