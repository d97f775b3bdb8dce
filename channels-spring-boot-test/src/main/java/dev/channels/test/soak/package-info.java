/** The churn soak every backend runs: connect, chat, leave, and nothing left behind. */
@NullMarked
package dev.channels.test.soak;

import org.jspecify.annotations.NullMarked;
