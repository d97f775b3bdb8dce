package dev.channels.spring.consumer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client that opens a WebSocket by hand and then, on purpose, never reads: what a frozen browser
 * tab or a hostile client looks like to the server. Its small receive buffer makes the server's
 * writes back up sooner.
 */
final class RawWebSocket implements AutoCloseable {

  private final Socket socket = new Socket();

  RawWebSocket(int port, String path) throws IOException {
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("localhost", port));
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: localhost:"
                + port
                + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    readHandshakeResponse(socket.getInputStream());
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

  /**
   * Reads, at last, everything the server had queued, and reports whether the server then ended the
   * connection within {@code timeout}.
   */
  boolean endedByServer(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    try {
      while (in.read(buffer) >= 0) {
        // Discard: the frames were for a client that no longer matters.
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset by the server
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
