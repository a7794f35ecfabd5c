package io.tally.query.web;

import io.tally.web.problem.InvalidRequestException;
import java.util.Set;
import java.util.TreeSet;

/** A list's {@code sort=field,asc|desc} parameter, checked against the fields that list can sort by. */
public record SortOrder(String field, boolean ascending) {

    public static SortOrder parse(String sort, Set<String> allowed, String defaultField) {
        return parse(sort, allowed, defaultField, true);
    }

    /** As {@link #parse(String, Set, String)}, with the direction used when {@code sort} is absent. */
    public static SortOrder parse(String sort, Set<String> allowed, String defaultField, boolean defaultAscending) {
        if (sort == null || sort.isBlank()) {
            return new SortOrder(defaultField, defaultAscending);
        }
        String[] parts = sort.split(",", -1);
        if (parts.length > 2 || !allowed.contains(parts[0])) {
            throw new InvalidRequestException(
                    "sort", "must be one of " + new TreeSet<>(allowed) + ", optionally followed by ,asc or ,desc");
        }
        if (parts.length == 1 || parts[1].equalsIgnoreCase("asc")) {
            return new SortOrder(parts[0], true);
        }
        if (parts[1].equalsIgnoreCase("desc")) {
            return new SortOrder(parts[0], false);
        }
        throw new InvalidRequestException("sort", "direction must be asc or desc");
    }
}
