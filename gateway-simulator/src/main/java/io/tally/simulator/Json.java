package io.tally.simulator;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The simulator's one JSON mapper and the shapes every part answers with. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Stripe's error body: {@code {"error": {"type", "code", "message"}}}. */
    static ObjectNode error(String type, String code, String message) {
        ObjectNode body = object();
        body.putObject("error").put("type", type).put("code", code).put("message", message);
        return body;
    }
}
