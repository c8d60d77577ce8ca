package org.scanstream.core.data;

/**
 * One-dimensional resampling weights: target {@code i} = sum over {@code k} of
 * {@code weights[i * stride + k] * source[start[i] + k]}. Weights of each target sum to 1.
 */
final class ResampleKernel {
    final int[] start;
    final int[] len;
    final float[] weights;
    final int stride;

    private ResampleKernel(int dst, int stride) {
        this.start = new int[dst];
        this.len = new int[dst];
        this.weights = new float[dst * stride];
        this.stride = stride;
    }

    static ResampleKernel of(ImageDecoder.Resampling method, int src, int dst) {
        return method == ImageDecoder.Resampling.AREA ? area(src, dst) : bilinear(src, dst);
    }

    static ResampleKernel area(int src, int dst) {
        double scale = (double) src / dst;
        ResampleKernel k = new ResampleKernel(dst, (int) Math.ceil(scale) + 2);
        for (int i = 0; i < dst; i++) {
            double lo = i * scale;
            double hi = Math.min(src, (i + 1) * scale);
            int first = (int) Math.floor(lo);
            int last = Math.min(src, (int) Math.ceil(hi)) - 1;
            k.start[i] = first;
            double sum = 0;
            for (int j = first; j <= last; j++) {
                double overlap = Math.min(hi, j + 1) - Math.max(lo, j);
                if (overlap > 1e-9) {
                    k.weights[i * k.stride + j - first] = (float) overlap;
                    sum += overlap;
                    k.len[i] = j - first + 1;
                }
            }
            for (int j = 0; j < k.len[i]; j++) {
                k.weights[i * k.stride + j] = (float) (k.weights[i * k.stride + j] / sum);
            }
        }
        return k;
    }

    static ResampleKernel bilinear(int src, int dst) {
        double scale = (double) src / dst;
        ResampleKernel k = new ResampleKernel(dst, 2);
        for (int i = 0; i < dst; i++) {
            double x = Math.max(0, Math.min(src - 1, (i + 0.5) * scale - 0.5));
            int x0 = (int) Math.floor(x);
            float f = (float) (x - x0);
            k.start[i] = x0;
            if (x0 + 1 < src && f > 0) {
                k.len[i] = 2;
                k.weights[i * 2] = 1 - f;
                k.weights[i * 2 + 1] = f;
            } else {
                k.len[i] = 1;
                k.weights[i * 2] = 1;
            }
        }
        return k;
    }

    /** Resamples {@code in} into {@code out[outOffset, outOffset + dst)}. */
    void apply(float[] in, float[] out, int outOffset) {
        for (int i = 0; i < start.length; i++) {
            float acc = 0;
            int s = start[i];
            for (int k = 0; k < len[i]; k++) {
                acc += weights[i * stride + k] * in[s + k];
            }
            out[outOffset + i] = acc;
        }
    }
}
