import ai.djl.Device;
import java.nio.file.Path;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.knn.HnswVectorIndex;
import org.scanstream.core.knn.NeighbourAgreement;

/** Throw-away diagnosis: a supervised linear probe (softmax regression) on backbone features; labels read for this only. */
public class Probe {
    public static void main(String[] a) {
        FashionMnist fm = new FashionMnist();
        ImageDataset train = fm.train(), test = fm.test();
        try (PretextModel m = PretextModel.load(Path.of(a[0]), Device.cpu())) {
            Embeddings tr = m.embed(train, 512), te = m.embed(test, 512);
            float[][] x = tr.features(), xt = te.features();
            int d = x[0].length, n = x.length, c = 10;
            double[] mu = new double[d], sd = new double[d];
            for (float[] r : x) for (int j = 0; j < d; j++) { mu[j] += r[j]; sd[j] += r[j] * r[j]; }
            for (int j = 0; j < d; j++) { mu[j] /= n; sd[j] = Math.sqrt(Math.max(1e-12, sd[j] / n - mu[j] * mu[j])); }
            double[][] w = new double[c][d + 1];
            double[][] mA = new double[c][d + 1], vA = new double[c][d + 1];
            int[] y = train.labels().get(), yt = test.labels().get();
            double lr = 0.05, l2 = 1e-4;
            for (int it = 1; it <= 200; it++) {
                double[][] g = new double[c][d + 1];
                double loss = 0;
                for (int i = 0; i < n; i++) {
                    double[] z = new double[d + 1];
                    for (int j = 0; j < d; j++) z[j] = (x[i][j] - mu[j]) / sd[j];
                    z[d] = 1;
                    double[] p = new double[c]; double mx = -1e300;
                    for (int k = 0; k < c; k++) { double s = 0; for (int j = 0; j <= d; j++) s += w[k][j] * z[j]; p[k] = s; mx = Math.max(mx, s); }
                    double sum = 0; for (int k = 0; k < c; k++) { p[k] = Math.exp(p[k] - mx); sum += p[k]; }
                    for (int k = 0; k < c; k++) p[k] /= sum;
                    loss -= Math.log(p[y[i]] + 1e-12);
                    p[y[i]] -= 1;
                    for (int k = 0; k < c; k++) for (int j = 0; j <= d; j++) g[k][j] += p[k] * z[j];
                }
                for (int k = 0; k < c; k++) for (int j = 0; j <= d; j++) {
                    double gg = g[k][j] / n + l2 * w[k][j];
                    mA[k][j] = 0.9 * mA[k][j] + 0.1 * gg; vA[k][j] = 0.999 * vA[k][j] + 0.001 * gg * gg;
                    double mh = mA[k][j] / (1 - Math.pow(0.9, it)), vh = vA[k][j] / (1 - Math.pow(0.999, it));
                    w[k][j] -= lr * mh / (Math.sqrt(vh) + 1e-8);
                }
                if (it % 100 == 0) {
                    int ok = 0; int[][] conf = new int[c][c];
                    for (int i = 0; i < xt.length; i++) {
                        int best = 0; double bs = -1e300;
                        for (int k = 0; k < c; k++) { double s = w[k][d]; for (int j = 0; j < d; j++) s += w[k][j] * (xt[i][j] - mu[j]) / sd[j]; if (s > bs) { bs = s; best = k; } }
                        ok += best == yt[i] ? 1 : 0; conf[yt[i]][best]++;
                    }
                    StringBuilder rec = new StringBuilder();
                    for (int k = 0; k < c; k++) rec.append(String.format(" %.3f", conf[k][k] / 1000.0));
                    System.out.printf("iter %d train loss %.4f test acc %.4f recall by class%s%n", it, loss / n, ok / (double) xt.length, rec);
                }
            }
            int[] pred = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0; double bs = -1e300;
                for (int k = 0; k < c; k++) { double s = w[k][d]; for (int j = 0; j < d; j++) s += w[k][j] * (x[i][j] - mu[j]) / sd[j]; if (s > bs) { bs = s; best = k; } }
                pred[i] = best;
            }
            try {
                Path dir = java.nio.file.Files.createTempDirectory("probe-hnsw");
                try (HnswVectorIndex index = new HnswVectorIndex(dir, tr.projections()[0].length)) {
                    index.add(tr.projections());
                    int[][] nb = index.mineAll(20);
                    System.out.printf("neighbour consistency (train, top-20 on projections): true labels %.4f, probe's partition %.4f%n",
                            NeighbourAgreement.of(nb, y), NeighbourAgreement.of(nb, pred));
                }
            } catch (java.io.IOException e) { throw new RuntimeException(e); }
        }
    }
}
