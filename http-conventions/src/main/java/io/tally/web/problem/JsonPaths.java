package io.tally.web.problem;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Names where in a JSON body Jackson failed, as {@code lines[0].quantity}, and why, without Java type names. */
final class JsonPaths {

    private JsonPaths() {}

    static String of(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String describe(JacksonException ex) {
        if (ex instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (ex instanceof InvalidFormatException invalid) {
            return "invalid value " + abbreviate(String.valueOf(invalid.getValue())) + " for "
                    + kind(invalid.getTargetType());
        }
        if (ex instanceof MismatchedInputException mismatched) {
            return "expected " + kind(mismatched.getTargetType());
        }
        if (ex instanceof StreamReadException
                && String.valueOf(ex.getOriginalMessage()).startsWith("Duplicate ")) {
            return "a field is given twice";
        }
        if (ex instanceof StreamReadException) {
            return "malformed JSON";
        }
        return "unreadable value";
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
