package dev.channels.spring.consumer;

import dev.channels.spring.ChannelHandler;
import dev.channels.spring.OnBinary;
import dev.channels.spring.OnConnect;
import dev.channels.spring.OnDisconnect;
import dev.channels.spring.OnText;
import java.lang.annotation.Annotation;

/** The events a consumer method can handle, each named by its annotation. */
enum HandlerKind {
  CONNECT(OnConnect.class),
  TEXT(OnText.class),
  BINARY(OnBinary.class),
  DISCONNECT(OnDisconnect.class),
  MESSAGE(ChannelHandler.class);

  final Class<? extends Annotation> annotation;

  HandlerKind(Class<? extends Annotation> annotation) {
    this.annotation = annotation;
  }

  String label() {
    return "@" + annotation.getSimpleName();
  }
}
