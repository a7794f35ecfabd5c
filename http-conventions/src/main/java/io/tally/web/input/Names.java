package io.tally.web.input;

import java.text.Normalizer;

/**
 * Names (customers', items') as Tally keeps them: Unicode NFC, so that the same name typed with
 * composed or decomposed accents is one name, and never with control characters, unpaired
 * surrogates (not text: they break UTF-8 and every reader differently) or the bidirectional
 * controls that make a name display other than it is stored (U+061C, U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+2069; issue 34, point 10), refused on input by
 * {@link #NO_CONTROL_CHARACTERS}.
 */
public final class Names {

    /**
     * For {@code @Pattern}: no C0/C1 control characters (tabs and line breaks included), no lone
     * surrogate, no bidirectional control.
     */
    public static final String NO_CONTROL_CHARACTERS =
            "[^\\p{Cc}\\p{Cs}\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]*";

    public static final String NO_CONTROL_CHARACTERS_RULE =
            "must not contain control characters, unpaired surrogates or bidirectional controls";

    private Names() {}

    public static String normalized(String name) {
        return name == null ? null : Normalizer.normalize(name, Normalizer.Form.NFC);
    }
}
