package dev.eddy.server.kms;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.eddy.engine.ErrorCode;
import dev.eddy.engine.KinesisException;
import dev.eddy.engine.kms.KeyStore;
import dev.eddy.protocol.codec.JsonTree;
import dev.eddy.server.api.Dispatcher;
import dev.eddy.server.api.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;

/**
 * A small part of the AWS KMS API (JSON 1.1, {@code X-Amz-Target: TrentService.*}) on Eddy's own
 * port, for the built-in key store: CreateKey, DescribeKey, ListKeys, ListAliases, CreateAlias,
 * EnableKey, DisableKey. The AWS SDKs' and CLI's KMS clients work against it unchanged, so keys for
 * StartStreamEncryption are made and disabled the way they are on AWS. Everything else KMS offers
 * answers UnsupportedOperationException. The key {@code alias/aws/kinesis} names is AWS-managed:
 * it cannot be disabled.
 */
public final class KmsApi {
    public static final String TARGET_PREFIX = "TrentService.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final JsonFactory JSON = new JsonFactory();

    private final KeyStore keys;
    private final Clock clock;

    public KmsApi(KeyStore keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Answers one KMS request; its signature has been checked by the caller. */
    public Reply handle(FullHttpRequest request, String target, ByteBufAllocator alloc) {
        String action = target.substring(TARGET_PREFIX.length());
        try {
            Map<String, Object> in = body(request);
            return switch (action) {
                case "CreateKey" -> {
                    KeyStore.MasterKey k = keys.create(string(in, "Description", false), null, clock.millis());
                    yield ok(alloc, g -> metadata(g, k));
                }
                case "DescribeKey" -> {
                    KeyStore.MasterKey k = find(string(in, "KeyId", true));
                    yield ok(alloc, g -> metadata(g, k));
                }
                case "EnableKey", "DisableKey" -> {
                    KeyStore.MasterKey k = find(string(in, "KeyId", true));
                    if (action.equals("DisableKey") && managed(k)) {
                        throw new KmsError(
                                "UnsupportedOperationException",
                                k.arn() + " is an AWS managed key; it cannot be disabled.");
                    }
                    keys.setEnabled(k.id(), action.equals("EnableKey"));
                    yield ok(alloc, g -> {});
                }
                case "CreateAlias" -> {
                    keys.createAlias(string(in, "AliasName", true), string(in, "TargetKeyId", true));
                    yield ok(alloc, g -> {});
                }
                case "ListKeys" ->
                    ok(alloc, g -> {
                        g.writeArrayFieldStart("Keys");
                        for (KeyStore.MasterKey k : keys.keys()) {
                            g.writeStartObject();
                            g.writeStringField("KeyId", k.id());
                            g.writeStringField("KeyArn", k.arn());
                            g.writeEndObject();
                        }
                        g.writeEndArray();
                        g.writeBooleanField("Truncated", false);
                    });
                case "ListAliases" ->
                    ok(alloc, g -> {
                        g.writeArrayFieldStart("Aliases");
                        for (Map.Entry<String, String> a : keys.aliases().entrySet()) {
                            g.writeStartObject();
                            g.writeStringField("AliasName", a.getKey());
                            g.writeStringField("AliasArn", keys.aliasArn(a.getKey()));
                            g.writeStringField("TargetKeyId", a.getValue());
                            g.writeEndObject();
                        }
                        g.writeEndArray();
                        g.writeBooleanField("Truncated", false);
                    });
                default ->
                    throw new KmsError(
                            "UnsupportedOperationException", "Eddy's key store does not offer KMS " + action + ".");
            };
        } catch (KmsError e) {
            return Dispatcher.error(e.type, 400, e.getMessage(), dev.eddy.protocol.codec.Encoding.JSON, alloc);
        } catch (KinesisException e) {
            return Dispatcher.error(
                    kmsType(e.code()), 400, e.getMessage(), dev.eddy.protocol.codec.Encoding.JSON, alloc);
        }
    }

    private boolean managed(KeyStore.MasterKey k) {
        return k.id().equals(keys.aliases().get(KeyStore.DEFAULT_ALIAS));
    }

    /** The key {@code ref} names, enabled or not; NotFoundException in the key store's words. */
    private KeyStore.MasterKey find(String ref) {
        return keys.find(ref)
                .orElseThrow(() ->
                        new KmsError("NotFoundException", keys.notFound(ref).getMessage()));
    }

    private void metadata(JsonGenerator g, KeyStore.MasterKey k) throws IOException {
        g.writeObjectFieldStart("KeyMetadata");
        g.writeStringField("AWSAccountId", keys.account());
        g.writeStringField("KeyId", k.id());
        g.writeStringField("Arn", k.arn());
        g.writeFieldName("CreationDate");
        g.writeNumber(k.createdMillis() / 1000.0);
        g.writeBooleanField("Enabled", k.enabled());
        g.writeStringField("Description", k.description());
        g.writeStringField("KeyUsage", "ENCRYPT_DECRYPT");
        g.writeStringField("KeyState", k.enabled() ? "Enabled" : "Disabled");
        g.writeStringField("Origin", "AWS_KMS");
        g.writeStringField("KeyManager", managed(k) ? "AWS" : "CUSTOMER");
        g.writeStringField("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT");
        g.writeStringField("KeySpec", "SYMMETRIC_DEFAULT");
        g.writeArrayFieldStart("EncryptionAlgorithms");
        g.writeString("SYMMETRIC_DEFAULT");
        g.writeEndArray();
        g.writeBooleanField("MultiRegion", false);
        g.writeEndObject();
    }

    private static String kmsType(ErrorCode code) {
        return switch (code) {
            case KMS_NOT_FOUND, RESOURCE_NOT_FOUND -> "NotFoundException";
            case KMS_DISABLED -> "DisabledException";
            case RESOURCE_IN_USE -> "AlreadyExistsException";
            default -> "ValidationException";
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(FullHttpRequest request) {
        byte[] bytes = ByteBufUtil.getBytes(request.content());
        if (bytes.length == 0) {
            return Map.of();
        }
        try {
            Object v = JsonTree.parse(bytes);
            if (v instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (IOException | RuntimeException e) {
            // falls through to the error below
        }
        throw new KmsError("SerializationException", "The request body is not a JSON object.");
    }

    private static String string(Map<String, Object> in, String member, boolean required) {
        Object v = in.get(member);
        if (v == null) {
            if (required) {
                throw new KmsError(
                        "ValidationException",
                        "1 validation error detected: Value null at '" + Character.toLowerCase(member.charAt(0))
                                + member.substring(1) + "' failed to satisfy constraint: Member must not be null");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new KmsError("SerializationException", "Expected a string for " + member);
        }
        return s;
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static Reply ok(ByteBufAllocator alloc, Body body) {
        ByteBuf buf = alloc.buffer();
        try (JsonGenerator g = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(buf))) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        }
        return new Reply(200, CONTENT_TYPE, buf, null);
    }

    /** A KMS error with KMS's own type name. */
    private static final class KmsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String type;

        KmsError(String type, String message) {
            super(message);
            this.type = type;
        }
    }
}
