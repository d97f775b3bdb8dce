package dev.channels.rabbitmq;

import dev.channels.spi.LocalChannels;
import java.util.function.Consumer;

/**
 * Carries out the control messages that arrive in the instance's queue, in order with everything
 * else in it: another instance's add or discard of one of this instance's channels, which changes
 * its membership here (and so the queue's binding); a flush, which drops every membership and
 * unread message of the instance; a census, which is answered, and its answers, which are gathered.
 */
final class Controls {

  private final QueueNames names;
  private final Memberships own;
  private final Runnable dropAll;
  private final LocalChannels table;
  private final InFlight inFlight;
  private final Census census;
  private final Consumer<String> changed;

  Controls(
      QueueNames names,
      Memberships own,
      Runnable dropAll,
      LocalChannels table,
      InFlight inFlight,
      Census census,
      Consumer<String> changed) {
    this.names = names;
    this.own = own;
    this.dropAll = dropAll;
    this.table = table;
    this.inFlight = inFlight;
    this.census = census;
    this.changed = changed;
  }

  /** Carries out {@code control}, which arrived at {@code now}. */
  void handle(Control control, long now) {
    if (control instanceof Control.Add add) {
      if (names.isOwn(add.channel())) {
        own.add(add.group(), add.channel(), add.at());
        changed.accept(add.group());
      }
    } else if (control instanceof Control.Discard discard) {
      own.remove(discard.group(), discard.channel());
      changed.accept(discard.group());
    } else if (control instanceof Control.Flush) {
      dropAll.run();
      table.clearMessages();
      inFlight.clear();
    } else if (control instanceof Control.CensusRequest request) {
      census.answer(request, now);
    } else if (control instanceof Control.CensusReply reply) {
      census.gather(reply);
    }
  }
}
