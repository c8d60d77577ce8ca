package org.scanstream.stream.operators;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Optional;

/**
 * Hands the freed pages that tcmalloc keeps back to the kernel, after each phase of a retraining
 * (mining, strong views, SCAN and self-labelling) and at its end. PyTorch has no caching allocator
 * on the CPU: a retraining's tensors peak at several hundred MB and are freed phase by phase, and
 * tcmalloc (which the {@code scan} launcher and the job image preload) keeps those pages for reuse,
 * so its page heap grows with every new peak. Releasing them between phases costs a refault of the
 * embedding batches' working set a few times a retraining, where releasing them continuously
 * (jemalloc's decay, or glibc's trimming) made the saturated job fault on every batch (BENCHMARKS.md,
 * streaming section, "Memory"); a retraining starved by a saturated job reaches its phases, and so
 * the release, rarely.
 *
 * <p>Found by name in the process ({@code MallocExtension_ReleaseFreeMemory}, gperftools' C API);
 * under another allocator the symbol is absent and {@link #release} does nothing.
 */
public final class FreedMemory {
    static final String RELEASE_SYMBOL = "MallocExtension_ReleaseFreeMemory";
    private static final Optional<Function> RELEASE = lookup(RELEASE_SYMBOL);

    private FreedMemory() {
    }

    /** Releases tcmalloc's free pages; false when the process does not run on tcmalloc. */
    public static boolean release() {
        RELEASE.ifPresent(f -> f.invokeVoid(new Object[0]));
        return RELEASE.isPresent();
    }

    /** The C function {@code name} of the running process (its executable and the libraries loaded globally), if any. */
    static Optional<Function> lookup(String name) {
        try {
            return Optional.of(NativeLibrary.getProcess().getFunction(name));
        } catch (LinkageError | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
