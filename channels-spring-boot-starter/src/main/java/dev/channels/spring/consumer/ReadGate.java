package dev.channels.spring.consumer;

/**
 * Stops and restarts reading from one client's connection, so that TCP pushes back on that client
 * alone while its messages wait for a busy handler. {@link InboundMessages} calls {@link #pause}
 * and {@link #resume} strictly in turn, under its lock.
 *
 * <p>Tomcat can suspend reading a WebSocket session without holding a thread ({@code
 * WsSession.suspend()}/{@code resume()}, the calls Spring's own reactive Tomcat support makes).
 * Other containers offer nothing Spring's servlet adapter lets us reach, so there the container
 * thread that delivered the message waits until the queue has room: {@link #holdDelivery} blocks,
 * which stops reads for that connection only, at the cost of one container thread per paused
 * client, and never longer than the longest wait it is given.
 */
interface ReadGate {

  /** Stops reading from the client; called once its queue is full. */
  void pause();

  /** Reads from the client again; called once its queue has room, or as the session ends. */
  void resume();

  /**
   * Called on the container thread that delivered the message that filled the queue, after {@link
   * #pause}: a gate that cannot suspend reading waits here until {@link #resume}.
   */
  default void holdDelivery() {}
}
