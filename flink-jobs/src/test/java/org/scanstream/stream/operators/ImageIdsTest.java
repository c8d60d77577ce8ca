package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageIdsTest {

    @Test
    void aPrefixNeverSplitsACharacter() {
        assertThat(ImageIds.prefix("a" + "\u00e9".repeat(600), 1024)).isEqualTo("a" + "\u00e9".repeat(511));
        assertThat(ImageIds.prefix("\ud83d\ude00".repeat(300), 1023)).isEqualTo("\ud83d\ude00".repeat(255));
        assertThat(ImageIds.prefix("short", 3)).isEqualTo("sho");
        assertThat(ImageIds.prefix("short", 1024)).isEqualTo("short");
    }

    @Test
    void theLimitCountsUtf8BytesNotChars() {
        assertThat(ImageIds.tooLong("a".repeat(1024))).isFalse();
        assertThat(ImageIds.tooLong("\u00e9".repeat(512))).isFalse();
        assertThat(ImageIds.tooLong("\u00e9".repeat(513))).isTrue();
        assertThat(ImageIds.tooLong("a".repeat(1025))).isTrue();
    }
}
