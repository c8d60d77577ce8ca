package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void readsShortFormsBareSecondsAndIso() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1.5min")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DurationConverter.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("pt2s")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anythingElseIsAClearError() {
        assertThatThrownBy(() -> DurationConverter.parse("two minutes")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'two minutes' is not a duration");
        assertThatThrownBy(() -> DurationConverter.parse("-3s")).isInstanceOf(TypeConversionException.class);
    }
}
