package org.scanstream.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowEntryTest {

    @Test
    void copiesArraysInAndOut() {
        byte[] pixels = {1, 2};
        float[] features = {1f, 2f};
        float[] projection = {0.6f, 0.8f};
        WindowEntry e = new WindowEntry("a", pixels, features, projection, 5L, 2);
        pixels[0] = 9;
        features[0] = 9f;
        projection[0] = 9f;
        e.pixels()[1] = 9;
        e.features()[1] = 9f;
        assertThat(e.pixels()).containsExactly(1, 2);
        assertThat(e.features()).containsExactly(1f, 2f);
        assertThat(e.projection()).containsExactly(0.6f, 0.8f);
        assertThat(e.hasLabel()).isTrue();
    }

    @Test
    void equalsComparesContents() {
        assertThat(Entries.entry(3)).isEqualTo(Entries.entry(3)).hasSameHashCodeAs(Entries.entry(3));
        assertThat(Entries.entry(3)).isNotEqualTo(Entries.entry(4));
    }

    @Test
    void rejectsBadFieldsNamingTheImage() {
        assertThatThrownBy(() -> new WindowEntry(" ", new byte[1], new float[1], new float[] {1f}, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imageId");
        assertThatThrownBy(() -> new WindowEntry("x", new byte[0], new float[1], new float[] {1f}, 0, -1))
                .hasMessageContaining("pixels of image x");
        assertThatThrownBy(() -> new WindowEntry("x", new byte[1], new float[] {Float.NaN}, new float[] {1f}, 0, -1))
                .hasMessageContaining("features of image x have a non-finite value");
        assertThatThrownBy(() -> new WindowEntry("x", new byte[1], new float[1], new float[] {0.5f, 0.5f}, 0, -1))
                .hasMessageContaining("projection of image x has L2 norm");
        assertThatThrownBy(() -> new WindowEntry("x", new byte[1], new float[1], new float[] {1f}, 0, -2))
                .hasMessageContaining("label of image x must be >= -1");
    }
}
