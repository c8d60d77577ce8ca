package org.scanstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Guards backward compatibility: the current schema of every record must be able to read data
 * written with each schema version that has shipped (snapshots under {@code released/vN/}).
 */
class SchemaCompatibilityTest {

  /** Current schemas, as compiled into the generated classes, by full name. */
  private static final Map<String, Schema> CURRENT = Stream.of(
          ImageEvent.getClassSchema(),
          ClusterAssignment.getClassSchema(),
          ClusterModelUpdate.getClassSchema(),
          RejectedImage.getClassSchema())
      .collect(Collectors.toMap(Schema::getFullName, s -> s));

  private static Path releasedRoot() throws URISyntaxException {
    URL url = SchemaCompatibilityTest.class.getResource("/released");
    assertThat(url).as("test resource directory released/").isNotNull();
    return Path.of(url.toURI());
  }

  private static List<Path> releasedSchemaFiles() throws Exception {
    try (Stream<Path> files = Files.walk(releasedRoot())) {
      return files.filter(p -> p.toString().endsWith(".avsc")).sorted().collect(Collectors.toList());
    }
  }

  private static Schema parse(Path file) throws IOException {
    return new Schema.Parser().parse(file.toFile());
  }

  /** Returns null when {@code reader} can read data written with {@code writer}, else a description. */
  static String incompatibility(Schema reader, Schema writer) {
    SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return null;
    }
    List<String> problems = new ArrayList<>();
    for (Incompatibility i : result.getResult().getIncompatibilities()) {
      problems.add(i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
    }
    return String.join("; ", problems);
  }

  @TestFactory
  Stream<DynamicTest> currentSchemasReadEveryReleasedVersion() throws Exception {
    List<Path> released = releasedSchemaFiles();
    assertThat(released).as("released schema snapshots").isNotEmpty();
    Path root = releasedRoot();
    return released.stream().map(file -> DynamicTest.dynamicTest(root.relativize(file).toString(), () -> {
      Schema old = parse(file);
      Schema current = CURRENT.get(old.getFullName());
      if (current == null) {
        fail("Released schema " + old.getFullName() + " (" + root.relativize(file)
            + ") has no current schema: removing a released schema breaks readers");
      }
      String problem = incompatibility(current, old);
      if (problem != null) {
        fail("Current schema " + current.getFullName() + " cannot read data written with released "
            + root.relativize(file) + " (add fields only with defaults): " + problem);
      }
    }));
  }

  @Test
  void everyCurrentSchemaHasAReleasedSnapshot() throws Exception {
    List<String> releasedNames = new ArrayList<>();
    for (Path file : releasedSchemaFiles()) {
      releasedNames.add(parse(file).getFullName());
    }
    assertThat(releasedNames).containsAll(CURRENT.keySet());
  }

  @Test
  void newFieldWithoutDefaultIsReportedIncompatible() throws Exception {
    Schema v1 = parse(releasedRoot().resolve("v1/ClusterAssignment.avsc"));
    Schema current = ClusterAssignment.getClassSchema();

    Schema withoutDefault = withExtraField(current,
        new Schema.Field("region", Schema.create(Schema.Type.STRING), "new field, no default"));
    String problem = incompatibility(withoutDefault, v1);
    assertThat(problem).isNotNull().contains("READER_FIELD_MISSING_DEFAULT").contains("region");

    Schema withDefault = withExtraField(current,
        new Schema.Field("region", Schema.create(Schema.Type.STRING), "new field with default", "eu"));
    assertThat(incompatibility(withDefault, v1)).isNull();

    // narrowing a type (long -> int) is also caught; fields/4 is modelVersion
    Schema retyped = parse(releasedRoot().resolve("v1/ClusterAssignment.avsc"));
    Schema narrowed = Schema.createRecord(retyped.getName(), retyped.getDoc(), retyped.getNamespace(), false,
        retyped.getFields().stream()
            .map(f -> f.name().equals("modelVersion")
                ? new Schema.Field(f.name(), Schema.create(Schema.Type.INT), f.doc())
                : new Schema.Field(f, f.schema()))
            .collect(Collectors.toList()));
    assertThat(incompatibility(narrowed, v1)).isNotNull().contains("TYPE_MISMATCH").contains("/fields/4");
  }

  private static Schema withExtraField(Schema base, Schema.Field extra) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : base.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(extra);
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
  }

  @Test
  void sourceSchemasMatchGeneratedClasses() throws Exception {
    Path srcDir = Path.of("src/main/avro");
    if (!Files.isDirectory(srcDir)) {
      return; // not run from the module directory
    }
    for (Schema current : CURRENT.values()) {
      Schema source = parse(srcDir.resolve(current.getName() + ".avsc"));
      assertThat(incompatibility(current, source)).as(current.getName()).isNull();
      assertThat(incompatibility(source, current)).as(current.getName()).isNull();
    }
  }

  // ---------------------------------------------------------------- round trips

  private static <T extends SpecificRecord> T roundTrip(T record, Class<T> type) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(type).write(record, encoder);
    encoder.flush();
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
    return new SpecificDatumReader<>(type).read(null, decoder);
  }

  private static ByteBuffer bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return ByteBuffer.wrap(b);
  }

  @Test
  void imageEventRoundTrips() throws Exception {
    ImageEvent event = ImageEvent.newBuilder()
        .setImageId("img-1")
        .setContentType("image/png")
        .setImage(bytes(0x89, 'P', 'N', 'G', 0, 255))
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L))
        .setSource("camera-7")
        .setAttributes(Map.of("site", "north", "lens", "wide"))
        .setGroundTruthLabel(3)
        .build();
    assertEquals(event, roundTrip(event, ImageEvent.class));

    ImageEvent defaults = ImageEvent.newBuilder()
        .setImageId("img-2")
        .setContentType("image/jpeg")
        .setImage(bytes())
        .setEventTime(Instant.ofEpochMilli(0))
        .setSource("s")
        .build();
    assertThat(defaults.getAttributes()).isEmpty();
    assertThat(defaults.getGroundTruthLabel()).isNull();
    assertEquals(defaults, roundTrip(defaults, ImageEvent.class));
  }

  @Test
  void clusterAssignmentRoundTrips() throws Exception {
    ClusterAssignment a = ClusterAssignment.newBuilder()
        .setImageId("img-1")
        .setClusterId(4)
        .setConfidence(0.42f)
        .setOutlier(true)
        .setModelVersion(17L)
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
        .setLabelledAt(Instant.ofEpochMilli(1_700_000_000_999L))
        .build();
    assertEquals(a, roundTrip(a, ClusterAssignment.class));
  }

  @Test
  void clusterModelUpdateRoundTrips() throws Exception {
    ClusterModelUpdate u = ClusterModelUpdate.newBuilder()
        .setVersion(2L)
        .setTrainedAt(Instant.ofEpochMilli(1_700_000_100_000L))
        .setWindowSize(5000)
        .setClusterSizes(List.of(1200, 800, 3000))
        .setPrototypeImageIds(List.of(List.of("a", "b"), List.of("c"), List.of()))
        .setTrainingLoss(1.25)
        .setConfidentFraction(0.87)
        .setAgreementWithPrevious(0.93)
        .build();
    assertEquals(u, roundTrip(u, ClusterModelUpdate.class));

    ClusterModelUpdate first = ClusterModelUpdate.newBuilder(u).setVersion(1L).clearAgreementWithPrevious().build();
    assertThat(first.getAgreementWithPrevious()).isNull();
    assertEquals(first, roundTrip(first, ClusterModelUpdate.class));
  }

  @Test
  void rejectedImageRoundTrips() throws Exception {
    for (RejectReason reason : RejectReason.values()) {
      RejectedImage r = RejectedImage.newBuilder()
          .setImageId(reason == RejectReason.INVALID_RECORD ? null : "img-9")
          .setReason(reason)
          .setMessage("rejected: " + reason)
          .setOriginalBytes(bytes(1, 2, 3))
          .setSourceTopic("images")
          .setPartition(2)
          .setOffset(123_456_789_012L)
          .build();
      assertEquals(r, roundTrip(r, RejectedImage.class));
    }
  }
}
