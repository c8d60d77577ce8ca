package org.scanstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scanstream.schemas.ClusterAssignment;
import org.scanstream.schemas.ClusterModelUpdate;
import org.scanstream.schemas.ImageEvent;
import org.scanstream.schemas.RejectReason;
import org.scanstream.schemas.RejectedImage;

class AvroCodecTest {
    private static final Instant T = Instant.ofEpochMilli(1_780_000_000_123L);

    static ImageEvent event() {
        return ImageEvent.newBuilder().setImageId("fmnist-test-000007").setContentType("image/png")
                .setImage(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})).setEventTime(T).setSource("unit")
                .setAttributes(Map.of("k", "v")).setGroundTruthLabel(7).build();
    }

    @Test
    void everyRecordTypeRoundTrips() {
        AvroCodec<ImageEvent> images = AvroCodec.of(ImageEvent.class);
        assertThat(images.decode(images.encode(event()))).isEqualTo(event());

        ClusterAssignment a = new ClusterAssignment("img-1", 3, 0.93f, false, 2L, T, T.plusMillis(250));
        AvroCodec<ClusterAssignment> labels = AvroCodec.of(ClusterAssignment.class);
        assertThat(labels.decode(labels.encode(a))).isEqualTo(a);

        ClusterModelUpdate u = ClusterModelUpdate.newBuilder().setVersion(4L).setTrainedAt(T).setWindowSize(5000)
                .setClusterSizes(List.of(10, 20)).setPrototypeImageIds(List.of(List.of("a", "b"), List.of("c")))
                .setTrainingLoss(0.5).setConfidentFraction(0.8).setAgreementWithPrevious(0.91).build();
        AvroCodec<ClusterModelUpdate> models = AvroCodec.of(ClusterModelUpdate.class);
        assertThat(models.decode(models.encode(u))).isEqualTo(u);

        RejectedImage r = new RejectedImage(null, RejectReason.DECOMPRESSION_BOMB, "too many pixels",
                ByteBuffer.wrap(new byte[] {9, 9}), "images", 1, 42L);
        AvroCodec<RejectedImage> rejected = AvroCodec.of(RejectedImage.class);
        assertThat(rejected.decode(rejected.encode(r))).isEqualTo(r);
    }

    @Test
    void theCodecIsReusedForManyRecordsAndEncodesIndependentArrays() {
        AvroCodec<ImageEvent> codec = AvroCodec.of(ImageEvent.class);
        byte[] first = codec.encode(event());
        ImageEvent other = event();
        other.setImageId("another-id-that-is-longer");
        byte[] second = codec.encode(other);
        assertThat(codec.decode(first).getImageId()).isEqualTo("fmnist-test-000007");
        assertThat(codec.decode(second).getImageId()).isEqualTo("another-id-that-is-longer");
    }

    @Test
    void survivesJavaSerializationAndWorksAfterIt() throws Exception {
        AvroCodec<ImageEvent> codec = AvroCodec.of(ImageEvent.class);
        codec.encode(event());  // lazily created Avro objects must not be serialized
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(codec);
        }
        @SuppressWarnings("unchecked")
        AvroCodec<ImageEvent> copy = (AvroCodec<ImageEvent>) new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertThat(copy.type()).isEqualTo(ImageEvent.class);
        assertThat(copy.decode(codec.encode(event()))).isEqualTo(event());
    }

    @Test
    void garbageIsAClearErrorNamingTheType() {
        AvroCodec<ImageEvent> codec = AvroCodec.of(ImageEvent.class);
        assertThatThrownBy(() -> codec.decode(new byte[] {3, 1, 2, 3}))
                .isInstanceOf(AvroCodecException.class)
                .hasMessageStartingWith("not a valid ImageEvent Avro record (4 bytes)");
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(AvroCodecException.class)
                .hasMessageContaining("ImageEvent").hasMessageContaining("ends too early");
        assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(AvroCodecException.class).hasMessageContaining("ImageEvent");
    }

    @Test
    void aTruncatedOrPaddedRecordIsRejected() {
        AvroCodec<ImageEvent> codec = AvroCodec.of(ImageEvent.class);
        byte[] good = codec.encode(event());
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length - 1))).isInstanceOf(AvroCodecException.class);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length + 3)))
                .isInstanceOf(AvroCodecException.class).hasMessageContaining("left over");
    }

    @Test
    void aForgedHugeLengthFailsWithoutAllocatingIt() {
        // image id of length 1 ("a"), content type of length 1, then image bytes claiming ~1 GiB
        byte[] forged = {2, 'a', 2, 'b', (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 0, 0};
        AvroCodec<ImageEvent> codec = AvroCodec.of(ImageEvent.class);
        assertThatThrownBy(() -> codec.decode(forged)).isInstanceOf(AvroCodecException.class)
                .hasMessageContaining("ImageEvent").hasMessageContaining("ends too early");
    }

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        SplittableRandom random = new SplittableRandom(7);
        AvroCodec<ClusterModelUpdate> models = AvroCodec.of(ClusterModelUpdate.class);
        AvroCodec<ImageEvent> images = AvroCodec.of(ImageEvent.class);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(1, 200)];
            random.nextBytes(b);
            try {
                models.decode(b);
            } catch (AvroCodecException expected) {
                // the only failure allowed
            }
            try {
                images.decode(b);
            } catch (AvroCodecException expected) {
                // the only failure allowed
            }
        }
    }

    @Test
    void aMissingRequiredFieldIsAnEncodeErrorNamingTheType() {
        ClusterAssignment a = new ClusterAssignment();
        a.setImageId(null);
        assertThatThrownBy(() -> AvroCodec.of(ClusterAssignment.class).encode(a))
                .isInstanceOf(AvroCodecException.class).hasMessageStartingWith("cannot encode ClusterAssignment");
    }

    @Test
    void aRecordThatFailsHalfWayLeavesNothingBehindForTheNext() {
        AvroCodec<ClusterAssignment> codec = AvroCodec.of(ClusterAssignment.class);
        ClusterAssignment good = new ClusterAssignment("img-1", 3, 0.93f, false, 2L, T, T.plusMillis(250));
        ClusterAssignment lastFieldMissing = new ClusterAssignment("img-2", 4, 0.5f, true, 2L, T, T);
        lastFieldMissing.put(lastFieldMissing.getSchema().getField("labelledAt").pos(), null);
        byte[] alone = codec.encode(good);

        assertThatThrownBy(() -> codec.encode(lastFieldMissing)).isInstanceOf(AvroCodecException.class);

        assertThat(codec.encode(good)).isEqualTo(alone);
        assertThat(codec.decode(codec.encode(good))).isEqualTo(good);
    }
}
