package io.tally.simulator;

import tools.jackson.databind.node.ObjectNode;

/** What the processor answers an operation: an HTTP status and a body. */
record Answer(int status, ObjectNode body) {

    static Answer invalid(String code, String message) {
        return new Answer(400, Json.error("invalid_request_error", code, message));
    }

    static Answer missing(String what) {
        return new Answer(404, Json.error("invalid_request_error", "resource_missing", "No such " + what));
    }
}
