import ai.djl.Device;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.pretext.PretextModel;

/** Throw-away: for each (cluster, class) cell of the tops, a row of sample test images; prints the contingency table. */
public class TopsByCluster {
    public static void main(String[] a) throws Exception {
        ImageDataset test = new FashionMnist().test();
        int[] y = test.labels().get();
        ClusterModel cm = ClusterModel.load(Path.of(a[1]));
        int[] p;
        try (PretextModel m = PretextModel.load(Path.of(a[0]), Device.cpu())) { p = cm.predict(m.embed(test, 512).features()); }
        int k = cm.numClusters();
        int[][] t = new int[k][10];
        for (int i = 0; i < y.length; i++) t[p[i]][y[i]]++;
        for (int c = 0; c < k; c++) { StringBuilder b = new StringBuilder("cluster " + c + ":"); for (int j = 0; j < 10; j++) b.append(String.format(" %4d", t[c][j])); System.out.println(b); }
        // mean foreground intensity (pixels > 10) of the tops (pullover, coat, shirt) in each cluster, by class
        for (int c = 0; c < k; c++) {
            StringBuilder b = new StringBuilder(String.format("cluster %d tops' mean ink (pullover / coat / shirt):", c));
            for (int cls : new int[] {2, 4, 6}) {
                double sum = 0; long cnt = 0; int imgs = 0;
                for (int i = 0; i < y.length; i++) if (p[i] == c && y[i] == cls) { imgs++; byte[] px = test.range(i, i + 1); for (byte v : px) { int u = v & 255; if (u > 10) { sum += u; cnt++; } } }
                b.append(imgs < 50 ? "    -" : String.format(" %5.1f", sum / Math.max(1, cnt)));
            }
            System.out.println(b);
        }
        int[] classes = {2, 4, 6};
        int per = 8, s = 28, z = 3;
        // rows: clusters holding >= 100 tops; for each such cluster, 4 class blocks of 16 images
        java.util.List<Integer> rows = new java.util.ArrayList<>();
        for (int c = 0; c < k; c++) if (t[c][2] + t[c][4] + t[c][6] >= 400) rows.add(c);
        BufferedImage img = new BufferedImage(z * classes.length * (per * s + 10), z * rows.size() * (s * 2 + 10), BufferedImage.TYPE_BYTE_GRAY);
        java.util.Random r = new java.util.Random(1);
        for (int ri = 0; ri < rows.size(); ri++) {
            int c = rows.get(ri);
            for (int ci = 0; ci < classes.length; ci++) {
                java.util.List<Integer> ids = new java.util.ArrayList<>();
                for (int i = 0; i < y.length; i++) if (p[i] == c && y[i] == classes[ci]) ids.add(i);
                java.util.Collections.shuffle(ids, r);
                for (int q = 0; q < Math.min(2 * per, ids.size()); q++) {
                    byte[] px = test.range(ids.get(q), ids.get(q) + 1);
                    int ox = ci * (per * s + 10) + (q % per) * s, oy = ri * (s * 2 + 10) + (q / per) * s;
                    for (int yy = 0; yy < s; yy++) for (int xx = 0; xx < s; xx++) { int v = px[yy * s + xx] & 255; for (int u = 0; u < z; u++) for (int w = 0; w < z; w++) img.getRaster().setSample(z * (ox + xx) + u, z * (oy + yy) + w, 0, v); }
                }
            }
            System.out.println("row " + ri + " = cluster " + c);
        }
        ImageIO.write(img, "png", new java.io.File(a[2]));
    }
}
