package dev.channels.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts, each loaded once and run by its SHA-1 ({@code EVALSHA}); after a Redis restart
 * or failover empties the script cache, the first {@code NOSCRIPT} makes it run (and cache) the
 * source instead.
 */
enum Script {
  // Needs none of common.lua, whose functions every call of a script would define again.
  QUEUE_WRITE("queuewrite", false),
  GROUP_ADD("groupadd", true),
  GROUP_DISCARD("groupdiscard", true),
  GROUP_SEND("groupsend", true),
  GROUP_REINDEX("groupreindex", true),
  GROUP_INDEX_PAGE("groupindexpage", true),
  GROUP_MEMBERS("groupmembers", true),
  GROUP_CHANNELS("groupchannels", false),
  PRESENCE_JOIN("presencejoin", false),
  PRESENCE_LEAVE("presenceleave", false),
  PRESENCE_BEAT("presencebeat", false),
  PRESENCE_PAGE("presencepage", false);

  final byte[] source;
  final String sha;

  Script(String name, boolean common) {
    String body = read(name);
    this.source = (common ? read("common") + "\n" + body : body).getBytes(StandardCharsets.UTF_8);
    this.sha = sha1(source);
  }

  private static String read(String name) {
    try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
      if (in == null) {
        throw new IllegalStateException("missing script " + name + ".lua");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(byte[] source) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }
}
