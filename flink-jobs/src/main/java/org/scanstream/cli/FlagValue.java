package org.scanstream.cli;

import java.util.function.Supplier;

/** Puts the flag's name in front of the error a refused flag value raises, so the user's one error line names it. */
final class FlagValue {
    private FlagValue() {
    }

    /**
     * {@code value.get()}, or its {@link IllegalArgumentException} again with {@code flag + ": "} before the message.
     */
    static <T> T named(String flag, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }
}
