package io.tally.web.input;

import java.text.Normalizer;

/**
 * Names (customers', items') as Tally keeps them: Unicode NFC, so that the same name typed with
 * composed or decomposed accents is one name, and never with control characters (refused on input
 * by {@link #NO_CONTROL_CHARACTERS}).
 */
public final class Names {

    /** For {@code @Pattern}: no C0/C1 control characters (tabs and line breaks included). */
    public static final String NO_CONTROL_CHARACTERS = "[^\\p{Cc}]*";
    public static final String NO_CONTROL_CHARACTERS_RULE = "must not contain control characters";

    private Names() {
    }

    public static String normalized(String name) {
        return name == null ? null : Normalizer.normalize(name, Normalizer.Form.NFC);
    }
}
