package io.tally.command.web;

import io.tally.web.problem.InvalidRequestException;

/** Reads the aggregate version a client expects from {@code If-Match: "3"}; {@code *} or no header: any. */
public final class IfMatch {

    public static final String HEADER = "If-Match";

    private IfMatch() {}

    public static Long expectedVersion(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long version = Long.parseLong(value);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new InvalidRequestException(HEADER, "must be an entity tag such as \"3\", as returned in ETag");
    }
}
