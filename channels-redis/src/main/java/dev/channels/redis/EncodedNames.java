package dev.channels.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Channel names as a group's index keeps a Django queue's members: MessagePack strings one after
 * another, as common.lua's encstr writes them (a fixstr, or a str8 from 32 bytes on; names are at
 * most 100 ASCII characters).
 */
final class EncodedNames {

  private static final int FIXSTR = 0xa0;
  private static final int STR8 = 0xd9;

  private EncodedNames() {}

  /** The names in {@code encoded}. */
  static List<String> read(byte[] encoded) {
    List<String> names = new ArrayList<>();
    int at = 0;
    while (at < encoded.length) {
      int header = encoded[at] & 0xff;
      int length;
      if (header == STR8) {
        length = encoded[at + 1] & 0xff;
        at += 2;
      } else {
        length = header - FIXSTR;
        at += 1;
      }
      names.add(new String(encoded, at, length, StandardCharsets.US_ASCII));
      at += length;
    }
    return names;
  }

  /** {@code names} encoded one after another. */
  static byte[] write(List<String> names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String name : names) {
      byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
      if (bytes.length < 32) {
        out.write(FIXSTR + bytes.length);
      } else {
        out.write(STR8);
        out.write(bytes.length);
      }
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }
}
