package dev.lagoa.core.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {
    @Test
    void headersAreCopiedInOrderAndCannotChange() {
        Map<String, byte[]> given = new LinkedHashMap<>();
        given.put("op", "c".getBytes(UTF_8));
        given.put("date", "2026-11-21".getBytes(UTF_8));
        given.put("a", new byte[0]);

        Event event = new Event("k".getBytes(UTF_8), "v".getBytes(UTF_8), given);
        given.put("later", new byte[1]);

        assertThat(event.headers().keySet()).containsExactly("op", "date", "a");
        assertThat(event.headers().get("date")).isEqualTo("2026-11-21".getBytes(UTF_8));
        assertThat(event.size()).as("key, value, names and values").isEqualTo(1 + 1 + 2 + 1 + 4 + 10 + 1);
        assertThatThrownBy(() -> event.headers().put("x", new byte[0])).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.headers().entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eventsShareHeadersMadeForSharing() {
        Map<String, byte[]> shared = Event.headers(Map.of("op", "u".getBytes(UTF_8)));

        Event first = new Event("1".getBytes(UTF_8), "a".getBytes(UTF_8), shared);
        Event second = new Event("2".getBytes(UTF_8), null, shared);

        assertThat(first.headers()).isSameAs(shared).isSameAs(second.headers());
        assertThat(Event.headers(shared)).isSameAs(shared);
        assertThat(new Event("3".getBytes(UTF_8), null, new HashMap<>(shared)).headers()).as("any other map is copied").isNotSameAs(shared)
                .containsOnlyKeys("op");
        assertThat(second.isTombstone()).isTrue();
    }

    @Test
    void nullsAreRejected() {
        Map<String, byte[]> nullValue = new HashMap<>();
        nullValue.put("op", null);
        assertThatThrownBy(() -> new Event(null, new byte[0], Map.of())).isInstanceOf(NullPointerException.class).hasMessage("key is null");
        assertThatThrownBy(() -> new Event(new byte[0], new byte[0], null)).isInstanceOf(NullPointerException.class).hasMessage("headers is null");
        assertThatThrownBy(() -> Event.headers(nullValue)).isInstanceOf(NullPointerException.class).hasMessage("header value is null");
    }
}
