package dev.eddy.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.eddy.protocol.model.Operation;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.protocol.model.Shape;
import dev.eddy.server.RawHttp;
import dev.eddy.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A random-mutation property over valid requests of every operation of every service on the port
 * (Kinesis in JSON and CBOR, DynamoDB, CloudWatch in JSON and RPC v2 CBOR, KMS): each request is
 * made from its operation's input shape, then mutated (bytes flipped, cut, repeated or inserted;
 * values swapped for hostile ones), and every one must get a complete, well-formed 2xx or 4xx
 * answer in its encoding, with the server healthy after all of them.
 *
 * <p>{@code -Deddy.mutations=N} sets how many (3,000 by default; the soak in {@code
 * bench/hostile.sh} sends 20,000); {@code -Deddy.mutations.seed=S} replays a run.
 */
class MutationCampaignTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    /** One way of calling a service. */
    record Wire(String service, ServiceModel model, String contentType, boolean cbor, boolean rpcV2) {}

    @Test
    void everyMutatedRequestGetsAWellFormedAnswer() throws Exception {
        int count = Integer.getInteger("eddy.mutations", 3_000);
        long seed = Long.getLong("eddy.mutations.seed", System.nanoTime());
        Random random = new Random(seed);
        try (TestServer server = TestServer.start(dir, "--in-memory", "--shard-limit", "40")) {
            server.sync().createStream(b -> b.streamName("s").shardCount(2));
            String arn = server.sync()
                    .describeStreamSummary(b -> b.streamName("s"))
                    .streamDescriptionSummary()
                    .streamARN();
            Map<String, Object> names = names(arn);
            List<Wire> wires = List.of(
                    new Wire("Kinesis_20131202", ServiceModel.kinesis(), "application/x-amz-json-1.1", false, false),
                    new Wire("Kinesis_20131202", ServiceModel.kinesis(), "application/x-amz-cbor-1.1", true, false),
                    new Wire("DynamoDB_20120810", model("dynamodb"), "application/x-amz-json-1.0", false, false),
                    new Wire(
                            "GraniteServiceVersion20100801",
                            model("cloudwatch"),
                            "application/x-amz-json-1.0",
                            false,
                            false),
                    new Wire("GraniteServiceVersion20100801", model("cloudwatch"), "application/cbor", true, true),
                    new Wire("TrentService", model("kms"), "application/x-amz-json-1.1", false, false));
            int sent = 0;
            int answered = 0;
            Map<String, Integer> byStatus = new java.util.TreeMap<>();
            for (int i = 0; i < count; i++) {
                Wire wire = wires.get(random.nextInt(wires.size()));
                List<Operation> ops = new ArrayList<>(wire.model().operations().values());
                ops.removeIf(o -> o.input() != null && hasEventStream(o.input(), 0));
                Operation op = ops.get(random.nextInt(ops.size()));
                JsonNode valid = sample(op.input(), names, random, 0);
                byte[] body = mutate(valid, wire.cbor(), random);
                byte[] request = request(wire, op.name(), body);
                sent++;
                String what = "seed " + seed + ", request " + i + ": " + wire.service() + "." + op.name() + " "
                        + wire.contentType() + " " + printable(body);
                RawHttp.Response r = exchange(server.port(), request, what);
                answered++;
                byStatus.merge(r.status() / 100 + "xx", 1, Integer::sum);
                assertWellFormed(r, wire, what);
            }
            System.out.printf(
                    "mutation campaign: %d of %d requests answered, by status %s (seed %d)%n",
                    answered, sent, byStatus, seed);
            assertThat(answered).isEqualTo(sent);
            RawHttp.Response health = RawHttp.send(server.port(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertThat(health.status()).isEqualTo(200);
            assertThat(server.sync().listStreams().streamNames()).isNotNull();
        }
    }

    private static ServiceModel model(String service) {
        return switch (service) {
            case "dynamodb" ->
                ServiceModel.load(
                        dev.eddy.dynamodb.DynamoDbService.class, "/dev/eddy/dynamodb/dynamodb-2012-08-10.service.json");
            case "cloudwatch" ->
                ServiceModel.load(
                        dev.eddy.cloudwatch.CloudWatchService.class,
                        "/dev/eddy/cloudwatch/cloudwatch-2010-08-01.service.json");
            default -> ServiceModel.load(dev.eddy.kms.KmsService.class, "/dev/eddy/kms/kms-2014-11-01.subset.json");
        };
    }

    /** Values for members whose names say what they hold, so that unmutated requests mostly succeed. */
    private static Map<String, Object> names(String streamArn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("StreamName", "s");
        m.put("StreamARN", streamArn);
        m.put("ResourceARN", streamArn);
        m.put("ShardId", "shardId-000000000000");
        m.put("ShardToSplit", "shardId-000000000000");
        m.put("ShardToMerge", "shardId-000000000000");
        m.put("AdjacentShardToMerge", "shardId-000000000001");
        m.put("PartitionKey", "k");
        m.put("NewStartingHashKey", "170141183460469231731687303715884105728");
        m.put("ExplicitHashKey", "1");
        m.put("ConsumerName", "c");
        m.put("KeyId", "alias/aws/kinesis");
        m.put("EncryptionType", "KMS");
        m.put("ShardIteratorType", "TRIM_HORIZON");
        m.put("TableName", "t");
        m.put("AttributeName", "pk");
        m.put("KeyType", "HASH");
        m.put("AttributeType", "S");
        m.put("Namespace", "App");
        m.put("MetricName", "M");
        m.put("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        return m;
    }

    private static boolean hasEventStream(Shape shape, int depth) {
        return shape.isEventStream();
    }

    /** A request for {@code shape} with every member set (to depth 4), by name where known. */
    static JsonNode sample(Shape shape, Map<String, Object> names, Random random, int depth) {
        if (shape == null) {
            return NODES.objectNode();
        }
        ObjectNode o = NODES.objectNode();
        for (Shape.Member m : shape.memberArray()) {
            if (!m.required() && (depth >= 3 || random.nextInt(3) == 0)) {
                continue;
            }
            o.set(m.name(), value(m.name(), m.shape(), names, random, depth + 1));
        }
        return o;
    }

    private static JsonNode value(String name, Shape shape, Map<String, Object> names, Random random, int depth) {
        Object known = names.get(name);
        switch (shape.type()) {
            case STRUCTURE:
                if (depth > 5) {
                    return NODES.objectNode();
                }
                if (shape.name().equals("AttributeValue")) {
                    return NODES.objectNode().put("S", "a");
                }
                return sample(shape, names, random, depth);
            case LIST: {
                ArrayNode a = NODES.arrayNode();
                long n = Math.max(1, shape.min() == null ? 1 : shape.min());
                for (int i = 0; i < Math.min(n, 3) && depth <= 5; i++) {
                    a.add(value(name, shape.member(), names, random, depth + 1));
                }
                return a;
            }
            case MAP: {
                ObjectNode m = NODES.objectNode();
                if (depth <= 5) {
                    m.set("pk", value(name, shape.value(), names, random, depth + 1));
                }
                return m;
            }
            case STRING:
                if (known instanceof String s) {
                    return NODES.textNode(s);
                }
                if (shape.enumValues() != null && !shape.enumValues().isEmpty()) {
                    return NODES.textNode(shape.enumValues()
                            .get(random.nextInt(shape.enumValues().size())));
                }
                return NODES.textNode("x".repeat((int) Math.max(1, shape.min() == null ? 1 : shape.min())));
            case BOOLEAN:
                return NODES.booleanNode(random.nextBoolean());
            case INTEGER:
            case LONG: {
                long min = shape.min() == null ? 1 : Math.max(shape.min(), 1);
                return NODES.numberNode(Math.min(min, shape.max() == null ? min : shape.max()));
            }
            case DOUBLE:
            case FLOAT:
                return NODES.numberNode(1.5);
            case BLOB:
                return NODES.textNode(Base64.getEncoder().encodeToString("data".getBytes(StandardCharsets.UTF_8)));
            case TIMESTAMP:
                return NODES.numberNode(TestServer.T0 / 1000);
            default:
                return NODES.nullNode();
        }
    }

    private static final String[] HOSTILE = {
        "null",
        "true",
        "-1",
        "0",
        "1e999999999",
        "-1e999999999",
        "9223372036854775808",
        "1e300",
        "1.5",
        "\"\"",
        "\"\\ud800\"",
        "\"\\u0000\"",
        "[]",
        "{}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
                + "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "\"shardId-99999999999999999999\"",
        "\"2.14E4\"",
        "\"" + "\uD83D\uDE00".repeat(700) + "\"",
        "\"" + "A".repeat(70_000) + "\"",
        "\"arn:aws:kinesis:us-east-1:000000000000:stream/\"",
    };

    /** The request with one mutation, as JSON text or CBOR bytes. */
    static byte[] mutate(JsonNode valid, boolean cbor, Random random) throws IOException {
        int kind = random.nextInt(8);
        if (kind < 3) { // a value swapped for a hostile one, a member dropped or an unknown one added
            JsonNode tree = valid.deepCopy();
            List<JsonNode> containers = new ArrayList<>();
            collect(tree, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            String pick = HOSTILE[random.nextInt(HOSTILE.length)];
            if (cbor && pick.contains("\\ud800")) {
                pick = "\"\uFFFF\""; // CBOR text cannot carry half a pair; the byte mutations make invalid UTF-8
            }
            JsonNode hostile = JSON.readTree(pick);
            if (target instanceof ObjectNode o) {
                List<String> fields = new ArrayList<>();
                o.fieldNames().forEachRemaining(fields::add);
                if (fields.isEmpty() || kind == 2) {
                    o.set(
                            kind == 2 && !fields.isEmpty() ? fields.get(random.nextInt(fields.size())) : "Unknown",
                            hostile);
                } else if (kind == 1) {
                    o.remove(fields.get(random.nextInt(fields.size())));
                } else {
                    o.set(fields.get(random.nextInt(fields.size())), hostile);
                }
            } else if (target instanceof ArrayNode a) {
                if (a.isEmpty()) {
                    a.add(hostile);
                } else {
                    a.set(random.nextInt(a.size()), hostile);
                }
            }
            return cbor ? CBOR.writeValueAsBytes(tree) : JSON.writeValueAsBytes(tree);
        }
        byte[] b = cbor ? CBOR.writeValueAsBytes(valid) : JSON.writeValueAsBytes(valid);
        if (b.length == 0) {
            return b;
        }
        int at = random.nextInt(b.length);
        int span = 1 + random.nextInt(Math.min(16, b.length - at));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (kind) {
            case 3 -> { // bits flipped
                for (int i = 0; i < 1 + random.nextInt(3); i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            }
            case 4 -> { // a span cut out
                out.write(b, 0, at);
                out.write(b, at + span, b.length - at - span);
            }
            case 5 -> { // a span repeated
                out.write(b, 0, at + span);
                out.write(b, at, b.length - at);
            }
            case 6 -> { // random bytes inserted
                out.write(b, 0, at);
                byte[] junk = new byte[span];
                random.nextBytes(junk);
                out.write(junk);
                out.write(b, at, b.length - at);
            }
            default -> out.write(b, 0, at); // truncated
        }
        return out.toByteArray();
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), containers);
            }
        }
    }

    private static byte[] request(Wire wire, String operation, byte[] body) {
        StringBuilder head = new StringBuilder();
        if (wire.rpcV2()) {
            head.append("POST /service/")
                    .append(wire.service())
                    .append("/operation/")
                    .append(operation)
                    .append(" HTTP/1.1\r\nsmithy-protocol: rpc-v2-cbor\r\nAccept: application/cbor\r\n");
        } else {
            head.append("POST / HTTP/1.1\r\nX-Amz-Target: ")
                    .append(wire.service())
                    .append('.')
                    .append(operation)
                    .append("\r\n");
        }
        head.append("Host: 127.0.0.1\r\nContent-Type: ")
                .append(wire.contentType())
                .append("\r\n")
                .append("Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=abc\r\nX-Amz-Date: 20260101T000000Z\r\n")
                .append("Content-Length: ")
                .append(body.length)
                .append("\r\nConnection: close\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** Sends one request on its own connection and reads the whole answer, failing on a silent close. */
    private static RawHttp.Response exchange(int port, byte[] request, String what) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a complete answer to " + what).isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
            assertThat(body.length)
                    .as("the body of the answer to " + what)
                    .isEqualTo(Integer.parseInt(headers.getOrDefault("content-length", "-1")));
            return new RawHttp.Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
        }
    }

    private static void assertWellFormed(RawHttp.Response r, Wire wire, String what) throws IOException {
        assertThat(r.status()).as(what + " -> " + r.text()).isBetween(200, 499);
        String type = r.headers().getOrDefault("content-type", "");
        JsonNode body = type.contains("cbor") ? CBOR.readTree(r.body()) : JSON.readTree(r.body());
        assertThat(body).as(what).isNotNull();
        if (r.status() >= 400) {
            assertThat(r.headers().get("x-amzn-errortype") != null || body.has("__type"))
                    .as(what + " -> " + r.text())
                    .isTrue();
        }
    }

    private static String printable(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
