package org.scanstream.stream.operators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreedMemoryTest {

    @Test
    void findsTheProcesssOwnCFunctionsByName() {
        assertThat(FreedMemory.lookup("malloc")).isPresent();
        assertThat(FreedMemory.lookup("scan_no_such_function")).isEmpty();
    }

    @Test
    void releasesOnlyWhenTheProcessRunsOnTcmalloc() {
        boolean tcmalloc = String.valueOf(System.getenv("LD_PRELOAD")).contains("libtcmalloc");
        assertThat(FreedMemory.lookup(FreedMemory.RELEASE_SYMBOL).isPresent()).isEqualTo(tcmalloc);
        assertThat(FreedMemory.release()).isEqualTo(tcmalloc);
    }
}
