package org.scanstream.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StopSignalTest {
    @Test
    void checkPassesUntilAStopIsRequestedThenNamesTheFirstReasonAndTheStep() {
        StopSignal stop = new StopSignal();
        assertThat(stop.requested()).isFalse();
        assertThatCode(() -> stop.check("step 1")).doesNotThrowAnyException();

        stop.request("SIGTERM");
        stop.request("a later reason");

        assertThat(stop.requested()).isTrue();
        assertThatThrownBy(() -> stop.check("epoch 3 step 40"))
                .isInstanceOf(StopSignal.StopRequestedException.class)
                .hasMessage("stopped (SIGTERM) before epoch 3 step 40");
    }

    @Test
    void aLoopsCheckNamesTheLoopEpochAndStep() {
        StopSignal stop = new StopSignal();
        assertThatCode(() -> stop.check("SCAN", 1, 1)).doesNotThrowAnyException();
        stop.request("test");
        assertThatThrownBy(() -> stop.check("SCAN", 2, 7)).hasMessage("stopped (test) before SCAN epoch 2 step 7");
    }
}
