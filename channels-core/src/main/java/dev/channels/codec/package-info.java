/**
 * The MessagePack codec, byte-for-byte compatible with Python's {@code
 * msgpack.packb(use_bin_type=True)} as Django Channels uses it.
 */
@NullMarked
package dev.channels.codec;

import org.jspecify.annotations.NullMarked;
