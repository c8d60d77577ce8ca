package org.scanstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code scan} launcher's allocator lookup, run as the launcher runs it (bash, set -euo pipefail). */
class LauncherAllocatorTest {
    private static final Path LAUNCHER = Path.of("..", "scan");

    @Test
    void theTcmallocLookupNeverEndsTheLauncher() throws IOException, InterruptedException {
        // It once stopped reading ldconfig's list at the first match: ldconfig died of SIGPIPE, and
        // pipefail with set -e ended the launcher silently, in about 1 run in 8.
        String script = "set -euo pipefail\n"
                + "source <(sed -n '/^tcmalloc_lib() {/,/^}/p' \"$0\")\n"
                + "for i in $(seq 1 150); do lib=\"$(tcmalloc_lib)\"; done\n"
                + "echo \"ok ${lib:-none}\"\n";
        Process bash = new ProcessBuilder("bash", "-c", script, LAUNCHER.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.exitValue()).as(out).isZero();
        assertThat(out).startsWith("ok ");
        String lib = out.substring(3);
        if (!lib.equals("none")) {
            assertThat(lib).endsWith("libtcmalloc_minimal.so.4");
            assertThat(Files.isRegularFile(Path.of(lib))).isTrue();
        }
    }
}
