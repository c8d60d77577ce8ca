package org.scanstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.util.Sha256;

/**
 * The backbone a cluster model reads ({@link ClusterModel#backbone()}): where it is on disk, and
 * whether it holds the weights the model was trained on ({@value #SHA_KEY} in the model info).
 */
final class BackboneReference {
    /** Model info key: SHA-256 of the backbone's parameters (a pretext directory's params file, or a .pt file). */
    static final String SHA_KEY = "backboneSha256";

    private BackboneReference() {
    }

    /**
     * The model's backbone reference as given (absolute, or relative to the working directory),
     * else relative to the directory of {@code modelFile}.
     *
     * @throws IllegalArgumentException naming the reference when it exists in neither place
     */
    static Path resolve(ClusterModel model, Path modelFile) {
        String ref = model.backbone();
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("cluster model " + modelFile + " names no backbone: pass --pretext");
        }
        Path asGiven = Path.of(ref);
        if (Files.exists(asGiven)) {
            return asGiven;
        }
        Path dir = modelFile.toAbsolutePath().getParent();
        Path besideModel = dir == null ? asGiven : dir.resolve(ref);
        if (!asGiven.isAbsolute() && Files.exists(besideModel)) {
            return besideModel;
        }
        throw new IllegalArgumentException("backbone " + ref + " of cluster model " + modelFile + " not found (looked in "
                + Path.of("").toAbsolutePath() + (asGiven.isAbsolute() ? "" : " and " + dir) + "): pass --pretext");
    }

    /** SHA-256 of a backbone: the parameter file of a pretext model directory, or the file itself (.pt). */
    static String sha256(Path backbone) {
        return Files.isDirectory(backbone) ? PretextModel.parametersSha256(backbone) : Sha256.of(backbone);
    }

    /**
     * Throws when {@code model} records the checksum of its backbone and {@code backbone}'s differs
     * (features from other weights would be scored silently wrong). Models without one pass.
     */
    static void check(ClusterModel model, Path modelFile, Path backbone) {
        String expected = model.info().get(SHA_KEY);
        if (expected == null) {
            return;
        }
        String actual = sha256(backbone);
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException("backbone " + backbone + " is not the one cluster model " + modelFile
                    + " was trained on (parameters sha256 " + abbrev(actual) + ", model records " + abbrev(expected) + ")");
        }
    }

    private static String abbrev(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "..." : sha;
    }
}
