package org.scanstream.core.metrics;

import java.util.Locale;

/**
 * Mean and sample standard deviation (n - 1 denominator) of a score over runs, e.g. seeds.
 *
 * @param mean  arithmetic mean
 * @param std   sample standard deviation, {@code NaN} for a single value
 * @param count number of values
 */
public record MeanStd(double mean, double std, int count) {

    /**
     * @throws IllegalArgumentException if {@code values} is null, empty or holds a non-finite value
     */
    public static MeanStd of(double... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("values must not be null or empty");
        }
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] must be finite, got " + values[i]);
            }
            sum += values[i];
        }
        double mean = sum / values.length;
        if (values.length == 1) {
            return new MeanStd(mean, Double.NaN, 1);
        }
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return new MeanStd(mean, Math.sqrt(squares / (values.length - 1)), values.length);
    }

    /** {@code mean ± std} with {@code decimals} digits; {@code ± n/a} for a single value. */
    public String format(int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals must be non-negative, got " + decimals);
        }
        String pattern = "%." + decimals + "f";
        String stdText = Double.isNaN(std) ? "n/a" : String.format(Locale.ROOT, pattern, std);
        return String.format(Locale.ROOT, pattern, mean) + " \u00b1 " + stdText;
    }

    /** For example {@code 0.812 ± 0.004}. */
    @Override
    public String toString() {
        return format(3);
    }
}
