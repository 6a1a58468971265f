package dev.eddy.kms;

import dev.eddy.engine.ErrorCode;
import dev.eddy.engine.KinesisException;
import dev.eddy.engine.kms.KeyStore;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.service.ErrorStyle;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import dev.eddy.service.Service;
import dev.eddy.service.ServiceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small part of the AWS KMS API (JSON 1.1, {@code X-Amz-Target: TrentService.*}) for one
 * account's built-in key store: CreateKey, DescribeKey, ListKeys, ListAliases, CreateAlias,
 * EnableKey, DisableKey. The AWS SDKs' and CLI's KMS clients work against it unchanged, so keys for
 * StartStreamEncryption are made and disabled the way they are on AWS. Its model is a subset of
 * KMS's, written for these operations; anything else KMS offers is an unknown operation here. The
 * key {@code alias/aws/kinesis} names is AWS-managed: it cannot be disabled.
 */
public final class KmsService implements Service {
    private static final ServiceModel MODEL = ServiceModel.load(KmsService.class, "kms-2014-11-01.subset.json");

    private final KeyStore keys;
    private final Map<String, Handler> handlers;

    public KmsService(KeyStore keys, java.time.Clock clock) {
        this.keys = keys;
        this.handlers = Map.of(
                "CreateKey", in -> Handler.done(metadata(keys.create(in.string("Description"), null, clock.millis()))),
                "DescribeKey", in -> Handler.done(metadata(find(in.string("KeyId")))),
                "EnableKey", in -> enable(in, true),
                "DisableKey", in -> enable(in, false),
                "CreateAlias",
                        in -> {
                            keys.createAlias(in.string("AliasName"), in.string("TargetKeyId"));
                            return Handler.done(Map.of());
                        },
                "ListKeys", in -> Handler.done(listKeys()),
                "ListAliases", in -> Handler.done(listAliases()));
    }

    @Override
    public ServiceModel model() {
        return MODEL;
    }

    @Override
    public String policyPrefix() {
        return "kms";
    }

    @Override
    public Map<String, Handler> handlers() {
        return handlers;
    }

    @Override
    public ErrorStyle errors() {
        return ErrorStyle.bare();
    }

    /** The key store speaks Kinesis's errors (it serves StartStreamEncryption too); KMS names them its way. */
    @Override
    public ServiceException error(Throwable failure) {
        if (failure instanceof KinesisException k) {
            return new ServiceException(kmsType(k.code()), 400, k.getMessage());
        }
        return null;
    }

    @Override
    public String resource(String operation, Input in) {
        String key = in.string("KeyId");
        return key == null ? "*" : keys.find(key).map(KeyStore.MasterKey::arn).orElse("*");
    }

    private java.util.concurrent.CompletableFuture<Map<String, Object>> enable(Input in, boolean enabled) {
        KeyStore.MasterKey k = find(in.string("KeyId"));
        if (!enabled && managed(k)) {
            throw new ServiceException(
                    "UnsupportedOperationException", 400, k.arn() + " is an AWS managed key; it cannot be disabled.");
        }
        keys.setEnabled(k.id(), enabled);
        return Handler.done(Map.of());
    }

    private boolean managed(KeyStore.MasterKey k) {
        return k.id().equals(keys.aliases().get(KeyStore.DEFAULT_ALIAS));
    }

    /** The key {@code ref} names, enabled or not; NotFoundException in the key store's words. */
    private KeyStore.MasterKey find(String ref) {
        return keys.find(ref)
                .orElseThrow(() -> new ServiceException(
                        "NotFoundException", 400, keys.notFound(ref).getMessage()));
    }

    private Map<String, Object> metadata(KeyStore.MasterKey k) {
        return Out.of()
                .put(
                        "KeyMetadata",
                        Out.of()
                                .put("AWSAccountId", keys.account())
                                .put("KeyId", k.id())
                                .put("Arn", k.arn())
                                .put("CreationDate", Instant.ofEpochMilli(k.createdMillis()))
                                .put("Enabled", k.enabled())
                                .put("Description", k.description() == null ? "" : k.description())
                                .put("KeyUsage", "ENCRYPT_DECRYPT")
                                .put("KeyState", k.enabled() ? "Enabled" : "Disabled")
                                .put("Origin", "AWS_KMS")
                                .put("KeyManager", managed(k) ? "AWS" : "CUSTOMER")
                                .put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT")
                                .put("KeySpec", "SYMMETRIC_DEFAULT")
                                .put("EncryptionAlgorithms", List.of("SYMMETRIC_DEFAULT"))
                                .put("MultiRegion", false)
                                .map())
                .map();
    }

    private Map<String, Object> listKeys() {
        List<Object> list = new ArrayList<>();
        for (KeyStore.MasterKey k : keys.keys()) {
            list.add(Out.of().put("KeyId", k.id()).put("KeyArn", k.arn()).map());
        }
        return Out.of().put("Keys", list).put("Truncated", false).map();
    }

    private Map<String, Object> listAliases() {
        List<Object> list = new ArrayList<>();
        for (Map.Entry<String, String> a : keys.aliases().entrySet()) {
            list.add(Out.of()
                    .put("AliasName", a.getKey())
                    .put("AliasArn", keys.aliasArn(a.getKey()))
                    .put("TargetKeyId", a.getValue())
                    .map());
        }
        return Out.of().put("Aliases", list).put("Truncated", false).map();
    }

    private static String kmsType(ErrorCode code) {
        return switch (code) {
            case KMS_NOT_FOUND, RESOURCE_NOT_FOUND -> "NotFoundException";
            case KMS_DISABLED -> "DisabledException";
            case RESOURCE_IN_USE -> "AlreadyExistsException";
            default -> "ValidationException";
        };
    }
}
