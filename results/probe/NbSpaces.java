import ai.djl.Device;
import java.nio.file.Path;
import org.scanstream.core.cluster.FeatureScaler;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.pretext.Embeddings;
import org.scanstream.core.pretext.PretextModel;
import org.scanstream.core.knn.ExactVectorIndex;

/** Throw-away diagnosis: top-20 neighbour label agreement, overall and per class, in several transforms of the backbone features. */
public class NbSpaces {
    static int[] y;
    public static void main(String[] a) {
        FashionMnist fm = new FashionMnist();
        ImageDataset train = fm.train();
        y = train.labels().get();
        Embeddings tr;
        try (PretextModel m = PretextModel.load(Path.of(a[0]), Device.cpu())) { tr = m.embed(train, 512); }
        float[][] x = tr.features();
        int n = x.length, d = x[0].length;
        report("projections", tr.projections());
        report("features L2", norm(copy(x)));
        FeatureScaler scaler = FeatureScaler.fit(x);
        float[][] z = new float[n][];
        for (int i = 0; i < n; i++) z[i] = scaler.apply(x[i]);
        report("standardised L2", norm(copy(z)));
        double[][] c = new double[d][d];
        for (float[] r : z) for (int p = 0; p < d; p++) { double rp = r[p]; for (int q = p; q < d; q++) c[p][q] += rp * r[q]; }
        for (int p = 0; p < d; p++) for (int q = p; q < d; q++) { c[p][q] /= n; c[q][p] = c[p][q]; }
        double[][] v = new double[d][d]; double[] ev = jacobi(c, v);
        Integer[] ord = new Integer[d]; for (int i = 0; i < d; i++) ord[i] = i;
        java.util.Arrays.sort(ord, (p, q) -> Double.compare(ev[q], ev[p]));
        StringBuilder s = new StringBuilder("eigenvalues (standardised):");
        for (int i = 0; i < 12; i++) s.append(String.format(" %.2f", ev[ord[i]]));
        System.out.println(s);
        double[][] pc = new double[n][d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) { double t = 0; int col = ord[k]; for (int j = 0; j < d; j++) t += z[i][j] * v[j][col]; pc[i][k] = t; }
        for (int drop : new int[] {1, 2, 3, 5}) {
            float[][] w = new float[n][d];
            for (int i = 0; i < n; i++) for (int k = drop; k < d; k++) w[i][k] = (float) pc[i][k];
            report("standardised, top " + drop + " PCs removed, L2", norm(w));
        }
        for (double ridge : new double[] {0.1, 0.01}) {
            float[][] w = new float[n][d];
            for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) w[i][k] = (float) (pc[i][k] / Math.sqrt(ev[ord[k]] + ridge));
            report("PCA-whitened (ridge " + ridge + "), L2", norm(w));
        }
        for (int keep : new int[] {16, 32}) {
            float[][] w = new float[n][keep];
            for (int i = 0; i < n; i++) for (int k = 0; k < keep; k++) w[i][k] = (float) (pc[i][k] / Math.sqrt(ev[ord[k]] + 0.01));
            report("PCA-whitened top " + keep + ", L2", norm(w));
        }
    }
    static float[][] copy(float[][] x) { float[][] c = new float[x.length][]; for (int i = 0; i < x.length; i++) c[i] = x[i].clone(); return c; }
    static float[][] norm(float[][] x) { for (float[] r : x) { double s = 0; for (float f : r) s += f * f; float k = (float) (1 / Math.sqrt(Math.max(s, 1e-24))); for (int j = 0; j < r.length; j++) r[j] *= k; } return x; }
    static void report(String name, float[][] v) {
        int[][] nb;
        try (ExactVectorIndex idx = new ExactVectorIndex(v[0].length)) { idx.add(v, p -> {}); nb = idx.mineAll(21, p -> {}); }
        long[] same = new long[10], pairs = new long[10];
        for (int i = 0; i < nb.length; i++) { int cnt = 0; for (int id : nb[i]) { if (id == i || cnt == 20) continue; cnt++; pairs[y[i]]++; if (y[id] == y[i]) same[y[i]]++; } }
        long s = 0, p = 0; StringBuilder b = new StringBuilder();
        for (int k = 0; k < 10; k++) { s += same[k]; p += pairs[k]; b.append(String.format(" %.3f", same[k] / (double) pairs[k])); }
        System.out.printf("%-42s all %.4f tops(2,4,6) %.3f | by class%s%n", name, s / (double) p,
            (same[2] + same[4] + same[6]) / (double) (pairs[2] + pairs[4] + pairs[6]), b);
    }
    /** Cyclic Jacobi eigen-decomposition of a symmetric matrix; eigenvectors in the columns of v. */
    static double[] jacobi(double[][] a0, double[][] v) {
        int d = a0.length; double[][] a = new double[d][]; for (int i = 0; i < d; i++) a[i] = a0[i].clone();
        for (int i = 0; i < d; i++) { java.util.Arrays.fill(v[i], 0); v[i][i] = 1; }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0; for (int p = 0; p < d; p++) for (int q = p + 1; q < d; q++) off += a[p][q] * a[p][q];
            if (off < 1e-20) break;
            for (int p = 0; p < d; p++) for (int q = p + 1; q < d; q++) {
                if (Math.abs(a[p][q]) < 1e-300) continue;
                double th = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                double t = Math.signum(th) / (Math.abs(th) + Math.sqrt(th * th + 1)); if (th == 0) t = 1;
                double cs = 1 / Math.sqrt(t * t + 1), sn = t * cs;
                for (int k = 0; k < d; k++) { double akp = a[k][p], akq = a[k][q]; a[k][p] = cs * akp - sn * akq; a[k][q] = sn * akp + cs * akq; }
                for (int k = 0; k < d; k++) { double apk = a[p][k], aqk = a[q][k]; a[p][k] = cs * apk - sn * aqk; a[q][k] = sn * apk + cs * aqk; }
                for (int k = 0; k < d; k++) { double vkp = v[k][p], vkq = v[k][q]; v[k][p] = cs * vkp - sn * vkq; v[k][q] = sn * vkp + cs * vkq; }
            }
        }
        double[] e = new double[d]; for (int i = 0; i < d; i++) e[i] = a[i][i]; return e;
    }
}
