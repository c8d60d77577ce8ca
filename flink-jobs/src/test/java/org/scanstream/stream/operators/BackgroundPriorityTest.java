package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Lowering one thread's CPU priority and policy on Linux (this machine): that thread only, never back up, limits checked. */
class BackgroundPriorityTest {

    @Test
    void lowersTheCallingThreadOnlyAndNeverRaisesIt() throws Exception {
        int mine = BackgroundPriority.current().orElseThrow();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            int base = CompletableFuture.supplyAsync(() -> BackgroundPriority.current().orElseThrow(), thread).get();
            int target = Math.max(base + 1, 7);
            assertThat(call(thread, target)).hasValue(target);
            assertThat(call(thread, 3)).as("a lower value leaves the thread where it is").hasValue(target);
            assertThat(CompletableFuture.supplyAsync(() -> BackgroundPriority.current().orElseThrow(), thread).get())
                    .isEqualTo(target);
        } finally {
            thread.shutdown();
        }
        assertThat(BackgroundPriority.current()).as("the calling thread is untouched").hasValue(mine);
    }

    @Test
    void putsTheCallingThreadOnlyUnderTheIdlePolicy() throws Exception {
        int mine = BackgroundPriority.policy().orElseThrow();
        assertThat(mine).as("this test's thread runs under the normal policy").isZero();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            assertThat(thread.submit(BackgroundPriority::idle).get()).isTrue();
            assertThat(thread.submit(() -> BackgroundPriority.policy().orElseThrow()).get()).isEqualTo(BackgroundPriority.SCHED_IDLE);
            assertThat(thread.submit(BackgroundPriority::idle).get()).as("already idle: nothing to do").isTrue();
        } finally {
            thread.shutdown();
        }
        assertThat(BackgroundPriority.policy()).as("the calling thread is untouched").hasValue(mine);
    }

    @Test
    void valuesOutsideLinuxsRangeAreRefused() {
        assertThatThrownBy(() -> BackgroundPriority.lower(20)).hasMessage("nice value must be in [0, 19], got 20");
        assertThatThrownBy(() -> BackgroundPriority.lower(-1)).hasMessage("nice value must be in [0, 19], got -1");
    }

    private static OptionalInt call(ExecutorService thread, int nice) throws Exception {
        return thread.submit(() -> BackgroundPriority.lower(nice)).get();
    }
}
