/**
 * Implementation details shared by the backends. Not API: anything here may change without notice.
 */
@NullMarked
package dev.channels.internal;

import org.jspecify.annotations.NullMarked;
