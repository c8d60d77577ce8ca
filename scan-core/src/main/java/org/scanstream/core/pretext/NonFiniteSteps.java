package org.scanstream.core.pretext;

import java.util.Locale;

/**
 * Lets an optimiser step run only when its loss and gradients are finite. A single step whose
 * loss or gradients came out NaN or infinite is skipped, as mixed-precision loss scalers do, so it
 * cannot write NaN into the weights; {@value #MAX_IN_A_ROW} such steps in a row mean the model or
 * its learning rate is broken, and training stops with an error naming the step.
 */
final class NonFiniteSteps {
    /** Skipped steps in a row that stop training. */
    static final int MAX_IN_A_ROW = 3;

    private int inARow;
    private int skipped;

    /**
     * Whether the step at {@code where} may update the weights, given its loss and the sum of its squared
     * gradients.
     *
     * @throws IllegalStateException on the {@value #MAX_IN_A_ROW}th non-finite step in a row
     */
    boolean admit(double loss, double gradientSquares, String where) {
        if (Double.isFinite(loss) && Double.isFinite(gradientSquares)) {
            inARow = 0;
            return true;
        }
        skipped++;
        inARow++;
        if (inARow >= MAX_IN_A_ROW) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "SimCLR loss or gradients were not finite in %d steps in a row, up to %s (loss %s, squared gradient "
                            + "norm %s); lower the learning rate", inARow, where, loss, gradientSquares));
        }
        return false;
    }

    /** Steps skipped so far. */
    int skipped() {
        return skipped;
    }
}
