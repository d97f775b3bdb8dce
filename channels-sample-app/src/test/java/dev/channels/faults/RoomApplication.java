package dev.channels.faults;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A chat like the sample's, for the fault tests: its {@link RoomConsumer} tells a client when the
 * layer refused its message, so the tests can count refusals apart from losses. In a package of its
 * own, so the sample's component scan never picks it up.
 */
@SpringBootApplication
class RoomApplication {}
