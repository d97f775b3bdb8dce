/** Load contracts every backend runs: bursts and floods through real WebSocket clients. */
@NullMarked
package dev.channels.test.load;

import org.jspecify.annotations.NullMarked;
