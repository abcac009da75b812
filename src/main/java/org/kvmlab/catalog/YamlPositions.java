package org.kvmlab.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each node of a YAML document starts, by JSON pointer ({@code /steps/0/checks/2/guide}), so that
 * problems found after binding can still point at a line and column.
 */
final class YamlPositions {

    private final Map<String, JsonLocation> locations = new HashMap<>();

    YamlPositions(String yaml) {
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    locations.putIfAbsent(pointer(parser.getParsingContext()), parser.currentTokenLocation());
                } else if (token.isStructStart() || token.isScalarValue()) {
                    JsonStreamContext context = token.isStructStart() ? parser.getParsingContext().getParent()
                            : parser.getParsingContext();
                    if (context != null && context.inArray()) {
                        locations.putIfAbsent(pointer(context), parser.currentTokenLocation());
                    }
                }
            }
        } catch (IOException e) {
            // a document that does not parse has no positions; the binding reports the syntax error
        }
    }

    private static String pointer(JsonStreamContext context) {
        return context.pathAsPointer().toString();
    }

    /** Line and column of the node, or of its nearest ancestor that has one; {0, 0} when unknown. */
    int[] at(String pointer) {
        for (String p = pointer; !p.isEmpty(); p = p.substring(0, Math.max(0, p.lastIndexOf('/')))) {
            JsonLocation location = locations.get(p);
            if (location != null) {
                return new int[] {location.getLineNr(), location.getColumnNr()};
            }
        }
        return new int[] {0, 0};
    }
}
