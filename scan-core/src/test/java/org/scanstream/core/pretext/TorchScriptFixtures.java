package org.scanstream.core.pretext;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.scanstream.core.util.DirectoryTrees;

/**
 * TorchScript test fixtures traced by Debian's python3-torch at test time (nothing is downloaded
 * or committed), once per test JVM, into a temporary directory deleted at exit. Input: gray
 * 28x28 images.
 */
public final class TorchScriptFixtures {
    static final String PYTHON = "/usr/bin/python3";

    /** Writes tiny.pt (N,8), pooled.pt (N,4,1,1), scalar.pt (rank 0) and tiny-ramp.txt into argv[1]. */
    static final String SCRIPT = """
            import sys, os, torch
            out = sys.argv[1]
            torch.manual_seed(7)
            conv = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1))
            tiny = torch.nn.Sequential(conv, torch.nn.Flatten(), torch.nn.Linear(4, 8)).eval()
            class Scalar(torch.nn.Module):
                def forward(self, x):
                    return x.mean()
            probe = torch.zeros(1, 1, 28, 28)
            torch.jit.trace(tiny, probe).save(os.path.join(out, 'tiny.pt'))
            torch.jit.trace(conv.eval(), probe).save(os.path.join(out, 'pooled.pt'))
            torch.jit.trace(Scalar(), probe).save(os.path.join(out, 'scalar.pt'))
            ramp = (torch.arange(28 * 28) * 7 % 256).to(torch.float32).reshape(1, 1, 28, 28)
            x = (ramp / 255 - 0.5) / 0.25
            with torch.no_grad():
                y = torch.jit.load(os.path.join(out, 'tiny.pt'))(x)[0]
            with open(os.path.join(out, 'tiny-ramp.txt'), 'w') as f:
                f.write(' '.join(repr(float(v)) for v in y))
            """;

    private static Path dir;

    private TorchScriptFixtures() {
    }

    /**
     * The traced file {@code name} (tiny.pt: (N, 8) features; pooled.pt: (N, 4, 1, 1); scalar.pt:
     * rank 0; tiny-ramp.txt: PyTorch's tiny.pt features of a ramp image). Fails (never skips)
     * when python3-torch is missing.
     */
    public static synchronized Path fixture(String name) {
        if (dir == null) {
            String[] probe = python("-c", "import torch");
            if (!probe[0].equals("0")) {
                fail("TorchScript fixtures need torch for " + PYTHON + ": run `apt-get install -y python3-torch` ("
                        + probe[1].strip() + ")");
            }
            Path out;
            try {
                out = Files.createTempDirectory("torchscript-fixtures");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    DirectoryTrees.delete(out);
                } catch (IOException ignored) {
                    // a temporary directory: best effort at exit
                }
            }));
            String[] gen = python("-c", SCRIPT, out.toString());
            if (!gen[0].equals("0")) {
                fail("tracing the TorchScript fixtures with " + PYTHON + " failed: " + gen[1]);
            }
            dir = out;
        }
        return dir.resolve(name);
    }

    /** Runs python; returns {exit code, combined output}. */
    private static String[] python(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = PYTHON;
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new String[] {"timeout", out};
            }
            return new String[] {Integer.toString(p.exitValue()), out};
        } catch (IOException e) {
            return new String[] {"missing", PYTHON + " cannot run: " + e.getMessage()};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
