package org.kvmlab.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Reading small JSON request bodies by hand, so a wrong shape gets a message naming the fields to send. */
final class JsonBodies {

    /** Largest JSON body read, in characters. */
    static final int MAX_BODY = 64 * 1024;

    private JsonBodies() {
    }

    /** The body as a JSON object; null when it is not one (or too long). */
    static JsonObject object(String body) {
        if (body == null || body.length() > MAX_BODY) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A string field; null when absent or not a string. */
    static String string(JsonObject object, String key) {
        JsonValue value = object == null ? null : object.get(key);
        return value instanceof JsonString s ? s.getString() : null;
    }
    /**
     * A whole-number field; null when absent. Present but not a whole number in {@code [min, max]}: a refusal
     * that names the field and what it takes.
     */
    static Long whole(JsonObject object, String key, long min, long max) {
        JsonValue value = object == null ? null : object.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof jakarta.json.JsonNumber n && n.isIntegral()) {
            try {
                long v = n.longValueExact();
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (ArithmeticException e) {
                // out of range: refused below like any other
            }
        }
        throw new IllegalArgumentException("'" + key + "' must be a whole number from " + min + " to " + max + ".");
    }

    /** A number field; null when absent; a refusal naming the field when it is not a number. */
    static Double number(JsonObject object, String key) {
        JsonValue value = object == null ? null : object.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof jakarta.json.JsonNumber n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("'" + key + "' must be a number, like 4 or 2.5.");
    }

    /** A true/false field; null when absent; a refusal naming the field when it is anything else. */
    static Boolean bool(JsonObject object, String key) {
        JsonValue value = object == null ? null : object.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value.getValueType() == JsonValue.ValueType.TRUE;
        }
        throw new IllegalArgumentException("'" + key + "' must be true or false.");
    }
}
