package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.LayerSnapshot;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Expiry of unread messages and of group memberships, measured on the layer's clock. */
public abstract class ExpiryContract extends LayerContractSupport {

  @Test
  void dropsMessagesLeftUnreadPastTheExpiry() {
    ChannelLayer expiring = layer(settings -> settings.expiry(Duration.ofSeconds(10)));
    await(expiring.send("test.stale", chat("old")));

    clock.advance(Duration.ofSeconds(11));
    await(expiring.send("test.stale", chat("new")));

    assertThat(await(expiring.receive("test.stale"))).isEqualTo(chat("new"));
    Awaitility.await()
        .untilAsserted(() -> assertThat(expiring.stats().dropped(DropReason.EXPIRED)).isEqualTo(1));
  }

  @Test
  void keepsMessagesYoungerThanTheExpiry() {
    ChannelLayer expiring = layer(settings -> settings.expiry(Duration.ofSeconds(10)));
    await(expiring.send("test.fresh", chat("fresh")));

    clock.advance(Duration.ofSeconds(9));

    assertThat(await(expiring.receive("test.fresh"))).isEqualTo(chat("fresh"));
  }

  @Test
  void expiredMessagesNoLongerCountTowardsCapacity() {
    ChannelLayer small = layer(settings -> settings.capacity(1).expiry(Duration.ofSeconds(10)));
    await(small.send("test.full", chat("old")));

    clock.advance(Duration.ofSeconds(11));

    await(small.send("test.full", chat("new")));
    assertThat(await(small.receive("test.full"))).isEqualTo(chat("new"));
  }

  @Test
  void dropsGroupMembershipsPastTheGroupExpiry() {
    ChannelLayer expiring = layer(settings -> settings.groupExpiry(Duration.ofSeconds(100)));
    await(expiring.groupAdd("test_group", "test.member"));

    clock.advance(Duration.ofSeconds(101));
    await(expiring.groupSend("test_group", chat("too late")));
    await(expiring.send("test.member", chat("direct")));

    assertThat(await(expiring.receive("test.member"))).isEqualTo(chat("direct"));
  }

  @Test
  void groupAddRenewsAMembership() {
    ChannelLayer expiring = layer(settings -> settings.groupExpiry(Duration.ofSeconds(100)));
    await(expiring.groupAdd("test_group", "test.member"));
    clock.advance(Duration.ofSeconds(60));
    await(expiring.groupAdd("test_group", "test.member"));

    clock.advance(Duration.ofSeconds(60));
    await(expiring.groupSend("test_group", chat("still a member")));

    assertThat(await(expiring.receive("test.member"))).isEqualTo(chat("still a member"));
  }

  @Test
  void aSnapshotLeavesOutExpiredMessagesAndMemberships() {
    ChannelLayer expiring =
        layer(
            settings ->
                settings.expiry(Duration.ofSeconds(10)).groupExpiry(Duration.ofSeconds(100)));
    await(expiring.groupAdd("test_old", "test.member"));
    await(expiring.send("test.stale", chat("old")));
    clock.advance(Duration.ofSeconds(95));
    await(expiring.groupAdd("test_young", "test.member"));
    await(expiring.send("test.fresh", chat("new")));

    clock.advance(Duration.ofSeconds(6));
    LayerSnapshot snapshot = await(expiring.snapshot());

    assertThat(snapshot.groups()).containsOnlyKeys("test_young");
    assertThat(snapshot.channels()).containsOnlyKeys("test.fresh");
  }
}
