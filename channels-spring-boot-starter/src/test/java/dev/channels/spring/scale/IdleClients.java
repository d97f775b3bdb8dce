package dev.channels.spring.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Holds many idle WebSocket connections open, from a process of its own so that the server's JVM
 * keeps its file descriptors for the server side. Arguments: port, path, count. It prints {@code
 * CONNECTED n} once every handshake is done, then waits for a line on standard input (or its end)
 * and closes them all.
 *
 * <p>The connections are plain sockets after a hand-made handshake: an idle client has nothing to
 * read, so a client library's buffers and threads would only cost this process memory.
 */
public final class IdleClients {

  private IdleClients() {}

  /** Connects, reports, waits, and disconnects. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String path = args[1];
    int count = Integer.parseInt(args[2]);
    List<Socket> sockets = connectAll(port, path, count);
    System.out.println("CONNECTED " + sockets.size());
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private static List<Socket> connectAll(int port, String path, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Socket>> pending = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pending.add(pool.submit(() -> connect(port, path)));
    }
    List<Socket> sockets = new ArrayList<>(count);
    for (Future<Socket> socket : pending) {
      sockets.add(socket.get());
    }
    pool.shutdown();
    return sockets;
  }

  private static Socket connect(int port, String path) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
    socket.setSoTimeout(60_000);
    socket
        .getOutputStream()
        .write(
            ("GET "
                    + path
                    + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    readHandshakeResponse(socket.getInputStream());
    return socket;
  }

  private static void readHandshakeResponse(InputStream in) throws IOException {
    StringBuilder response = new StringBuilder();
    while (!response.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the handshake: " + response);
      }
      response.append((char) b);
    }
    if (!response.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + response);
    }
  }
}
