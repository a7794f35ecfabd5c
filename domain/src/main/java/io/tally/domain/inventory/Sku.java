package io.tally.domain.inventory;

import java.util.regex.Pattern;

/** The SKU format of API.md, shared by request validation and the inventory aggregate. */
public final class Sku {

    public static final String PATTERN = "[A-Za-z0-9._-]{1,64}";
    public static final String RULE = "must be 1 to 64 of A-Z a-z 0-9 . _ -";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Sku() {}

    public static boolean isValid(String sku) {
        return sku != null && COMPILED.matcher(sku).matches();
    }
}
