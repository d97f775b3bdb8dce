/**
 * Implementation details of the core: value normalization, globs, decoded messages. Not API, and
 * used by no other module (an architecture rule checks it); anything here may change.
 */
@NullMarked
package dev.channels.internal;

import org.jspecify.annotations.NullMarked;
