package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.ChannelLayer;
import dev.channels.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code groupSize} and {@code groupChannels}: a group's live members, honouring group expiry, in
 * pages with a cursor. For backends that list {@link dev.channels.Extension#PRESENCE}.
 */
public abstract class GroupListingContract extends LayerContractSupport {

  @Test
  void groupSizeCountsTheMembersAddedAndNotDiscarded() {
    await(layer.groupAdd("test_room", "test.one"));
    await(layer.groupAdd("test_room", "test.two"));
    await(layer.groupAdd("test_room", layer.newChannel()));
    await(layer.groupAdd("test_room", "test.two"));
    await(layer.groupDiscard("test_room", "test.one"));

    assertThat(await(layer.groupSize("test_room"))).isEqualTo(2);
    assertThat(await(layer.groupSize("test_unknown"))).isZero();
  }

  @Test
  void groupSizeAndChannelsLeaveOutMembershipsPastTheGroupExpiry() {
    ChannelLayer expiring = layer(settings -> settings.groupExpiry(Duration.ofSeconds(100)));
    await(expiring.groupAdd("test_room", "test.old"));
    clock.advance(Duration.ofSeconds(60));
    await(expiring.groupAdd("test_room", "test.young"));

    clock.advance(Duration.ofSeconds(41));

    assertThat(await(expiring.groupSize("test_room"))).isEqualTo(1);
    assertThat(await(expiring.groupChannels("test_room")).items()).containsExactly("test.young");
  }

  @Test
  void groupChannelsListsTheMembersOldestFirst() {
    String local = layer.newChannel();
    await(layer.groupAdd("test_room", "test.first"));
    clock.advance(Duration.ofSeconds(1));
    await(layer.groupAdd("test_room", local));

    Page<String> page = await(layer.groupChannels("test_room"));

    assertThat(page.items()).containsExactly("test.first", local);
    assertThat(page.next()).isNull();
  }

  @Test
  void groupChannelsPagesALargeGroupWithNeitherRepeatsNorGaps() {
    Set<String> members = new HashSet<>();
    for (int i = 0; i < 250; i++) {
      members.add("test.member" + i);
      await(layer.groupAdd("test_crowd", "test.member" + i));
    }

    List<String> listed = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Page<String> page = await(layer.groupChannels("test_crowd", null, 100));
    while (true) {
      listed.addAll(page.items());
      sizes.add(page.items().size());
      if (page.next() == null) {
        break;
      }
      page = await(layer.groupChannels("test_crowd", page.next(), 100));
    }

    assertThat(sizes).containsExactly(100, 100, 50);
    assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(members);
  }

  @Test
  void aPageOfExactlyTheRestHasNoNext() {
    for (int i = 0; i < 3; i++) {
      await(layer.groupAdd("test_three", "test.member" + i));
    }

    Page<String> page = await(layer.groupChannels("test_three", null, 3));

    assertThat(page.items()).hasSize(3);
    assertThat(page.hasNext()).isFalse();
  }

  @Test
  void refusesACursorItDidNotGiveAndAPageSizeOutsideOneToAThousand() {
    assertThatThrownBy(() -> layer.groupChannels("test_room", "not a cursor", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cursor");
    assertThatThrownBy(() -> layer.groupChannels("test_room", null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> layer.groupChannels("test_room", null, 1001))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
