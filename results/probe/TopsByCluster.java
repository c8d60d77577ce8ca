import ai.djl.Device;
import java.nio.file.Path;
import org.scanstream.core.cluster.ClusterModel;
import org.scanstream.core.data.FashionMnist;
import org.scanstream.core.data.ImageDataset;
import org.scanstream.core.metrics.ContingencyTable;
import org.scanstream.core.pretext.PretextModel;

/**
 * Throw-away diagnosis (reads the labels): a cluster model's test clusters against the classes, and the mean gray of the
 * ink pixels (> 10 of 255) of the pullovers, coats and shirts in each cluster. Arguments: backbone dir, cluster model.
 */
public class TopsByCluster {
    private static final int[] TOPS = {2, 4, 6};

    public static void main(String[] a) {
        ImageDataset test = new FashionMnist().test();
        int[] y = test.labels().get();
        int[] p;
        try (PretextModel m = PretextModel.load(Path.of(a[0]), Device.cpu())) {
            p = ClusterModel.load(Path.of(a[1])).predict(m.embed(test, 512).features());
        }
        ContingencyTable table = ContingencyTable.of(y, p);
        int[] ids = table.clusterIds();
        int[][] counts = table.counts();
        for (int r = 0; r < ids.length; r++) {
            StringBuilder b = new StringBuilder("cluster " + ids[r] + ":");
            for (int n : counts[r]) b.append(String.format(" %4d", n));
            System.out.println(b);
        }
        int k = ids[ids.length - 1] + 1;
        double[][] ink = new double[k][10];
        long[][] inkPixels = new long[k][10];
        int[][] images = new int[k][10];
        byte[] px = test.range(0, test.size());
        int size = test.imageBytes();
        for (int i = 0; i < y.length; i++) {
            images[p[i]][y[i]]++;
            for (int j = i * size; j < (i + 1) * size; j++) {
                int v = px[j] & 255;
                if (v > 10) { ink[p[i]][y[i]] += v; inkPixels[p[i]][y[i]]++; }
            }
        }
        for (int c : ids) {
            StringBuilder b = new StringBuilder(String.format("cluster %d tops' mean ink (pullover / coat / shirt):", c));
            for (int cls : TOPS) b.append(images[c][cls] < 50 ? "    -" : String.format(" %5.1f", ink[c][cls] / Math.max(1, inkPixels[c][cls])));
            System.out.println(b);
        }
    }
}
