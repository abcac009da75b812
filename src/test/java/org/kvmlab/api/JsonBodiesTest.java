package org.kvmlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The typed field readers behind the hosts, pools and pre-warming calls: absent is null, a wrong kind is named. */
class JsonBodiesTest {

    private static JsonObject body(String json) {
        return JsonBodies.object(json);
    }

    @Test
    void wholeNumbersAreReadInTheirRangeAndAnythingElseIsRefusedByName() {
        assertThat(JsonBodies.whole(body("{\"size\":4}"), "size", 0, 200)).isEqualTo(4L);
        assertThat(JsonBodies.whole(body("{}"), "size", 0, 200)).isNull();
        assertThat(JsonBodies.whole(body("{\"size\":null}"), "size", 0, 200)).isNull();
        for (String bad : new String[] {"\"4\"", "4.5", "-1", "201", "true", "99999999999999999999999", "[4]"}) {
            assertThatThrownBy(() -> JsonBodies.whole(body("{\"size\":" + bad + "}"), "size", 0, 200)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'size' must be a whole number from 0 to 200.");
        }
    }

    @Test
    void numbersAndTruthValues() {
        assertThat(JsonBodies.number(body("{\"r\":2.5}"), "r")).isEqualTo(2.5);
        assertThat(JsonBodies.number(body("{\"r\":3}"), "r")).isEqualTo(3.0);
        assertThat(JsonBodies.number(body("{}"), "r")).isNull();
        assertThatThrownBy(() -> JsonBodies.number(body("{\"r\":\"2\"}"), "r")).hasMessageContaining("'r' must be a"
                + " number");
        assertThat(JsonBodies.bool(body("{\"d\":true}"), "d")).isTrue();
        assertThat(JsonBodies.bool(body("{\"d\":false}"), "d")).isFalse();
        assertThat(JsonBodies.bool(null, "d")).isNull();
        assertThatThrownBy(() -> JsonBodies.bool(body("{\"d\":\"yes\"}"), "d")).hasMessage("'d' must be true or"
                + " false.");
    }
}
