package dev.channels.bench.ws;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The pid of the Redis server the Redis-backed servers use, from its {@code INFO server}, so that
 * its CPU time can be read like theirs. One command over a plain socket: the harness needs no
 * client library for it.
 */
final class RedisServer {

  private RedisServer() {}

  static long pid(String host, int port) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write("*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String header = readLine(in); // a bulk string: $<length>
      if (!header.startsWith("$")) {
        throw new IOException("unexpected reply to INFO: " + header);
      }
      byte[] body = new byte[Integer.parseInt(header.substring(1))];
      in.readFully(body);
      for (String line : new String(body, StandardCharsets.UTF_8).split("\r\n")) {
        if (line.startsWith("process_id:")) {
          return Long.parseLong(line.substring("process_id:".length()).trim());
        }
      }
      throw new IOException("INFO server has no process_id");
    }
  }

  private static String readLine(DataInputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("Redis closed the connection");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }
}
