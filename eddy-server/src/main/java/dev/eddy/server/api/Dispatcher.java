package dev.eddy.server.api;

import dev.eddy.engine.EngineConfig;
import dev.eddy.engine.KinesisException;
import dev.eddy.protocol.ProtocolException;
import dev.eddy.protocol.codec.Encoding;
import dev.eddy.protocol.codec.RequestDecoder;
import dev.eddy.protocol.codec.ResponseEncoder;
import dev.eddy.protocol.model.Operation;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.protocol.validation.Validator;
import dev.eddy.server.auth.Authorizer;
import dev.eddy.server.auth.Credentials;
import dev.eddy.server.auth.Principal;
import dev.eddy.server.auth.SigV4Verifier;
import dev.eddy.server.kms.KmsApi;
import dev.eddy.storage.StorageException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an HTTP request into a Kinesis action and its result into an HTTP response: checks the
 * method, content type, {@code X-Amz-Target} and authentication header, decodes the body by the
 * operation's input shape (JSON or CBOR), validates it against the service model, runs the
 * action's {@link Handler} and encodes the result (or the AWS error) in the request's encoding.
 * Bad input always ends as a 4xx with the AWS error type; only a fault of the server is a 500.
 *
 * <p>Stateless and shared by every connection; runs on Netty event loops.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ServiceModel model;
    private final SigV4Verifier verifier;
    private final Routing routing;
    private final Authorizer authorizer;
    private final java.util.EnumMap<Encoding, java.util.concurrent.atomic.LongAdder> requests =
            new java.util.EnumMap<>(Encoding.class);

    /**
     * What serves one account: its engine's settings (account id, region, stream ARNs), its
     * actions' handlers, its key store's KMS API, its resource policies (ARN to policy text, null
     * for none) and the stream a shard iterator reads.
     */
    public record Routes(
            EngineConfig config,
            Map<String, Handler> handlers,
            Map<String, StreamingHandler> streaming,
            KmsApi kms,
            Function<String, String> resourcePolicies,
            Function<String, String> streamArnOfIterator) {
        public String accountId() {
            return config.accountId();
        }
    }

    /** The accounts a server holds: the server's own, and any an access key names. */
    public interface Routing {
        /** The server's own account ({@code --account-id}), for requests that name no other. */
        Routes primary();

        /** The account's routes, opening the account on first use (null: the server's own). */
        Routes account(String accountId);

        /** The account's routes if it has any data here, else null (another account's ARN is no reason to open one). */
        Routes existing(String accountId);
    }

    /**
     * Requests go to the account of the access key that signed them: with {@code verifier} set,
     * the account its credentials file gives the key; without, a 12-digit access key id names an
     * account (as kinesis-mock has it) and any other key the server's own. Signatures are then
     * required but not checked.
     */
    public Dispatcher(ServiceModel model, Routing routing, SigV4Verifier verifier, Authorizer authorizer) {
        this.verifier = verifier;
        this.authorizer = authorizer;
        this.routing = routing;
        this.model = model;
        for (Encoding e : Encoding.values()) {
            requests.put(e, new java.util.concurrent.atomic.LongAdder());
        }
    }

    /** Requests dispatched so far in {@code encoding}. */
    public long requests(Encoding encoding) {
        return requests.get(encoding).sum();
    }

    public CompletableFuture<Reply> dispatch(FullHttpRequest request, ByteBufAllocator alloc) {
        return dispatch(request, alloc, Runnable::run);
    }

    /**
     * Dispatches a request whose connection runs on {@code executor}; actions that wait for the
     * store continue there, so encoding their answers does not load the store's writer thread.
     */
    public CompletableFuture<Reply> dispatch(FullHttpRequest request, ByteBufAllocator alloc, Executor executor) {
        Encoding encoding = Encoding.ofContentType(request.headers().get(HttpHeaderNames.CONTENT_TYPE))
                .orElse(null);
        Encoding replyEncoding = encoding == null ? Encoding.JSON : encoding;
        try {
            String target = request.headers().get("X-Amz-Target");
            if (target != null && target.startsWith(KmsApi.TARGET_PREFIX) && request.method() == HttpMethod.POST) {
                Routes routes = routing.account(authenticate(request).accountId());
                return CompletableFuture.completedFuture(routes.kms().handle(request, target, alloc));
            }
            Operation operation = operation(request, target, encoding);
            Principal signer = authenticate(request);
            Routes routes = routing.account(signer.accountId());
            Principal principal = new Principal(signer.accessKeyId(), routes.accountId());
            ByteBuf body = request.content();
            if (body.readableBytes() == 0) {
                throw new ProtocolException(ProtocolException.Type.SERIALIZATION, "The request body is empty.");
            }
            requests.get(encoding).increment();
            Map<String, Object> values = decode(body, encoding, operation);
            Validator.validate(operation.input(), values);
            routes = authorize(principal, operation.name(), values, routes);
            StreamingHandler stream = routes.streaming().get(operation.name());
            if (stream != null) {
                return CompletableFuture.completedFuture(new Reply(
                        200,
                        Reply.EVENT_STREAM,
                        io.netty.buffer.Unpooled.EMPTY_BUFFER,
                        null,
                        stream.subscribe(new Input(values))));
            }
            Handler handler = routes.handlers().get(operation.name());
            CompletableFuture<Map<String, Object>> result = handler.handle(new Input(values, executor));
            return result.handle((response, error) -> error == null
                    ? success(operation, response, replyEncoding, alloc)
                    : failure(error, replyEncoding, alloc, operation.name()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e, replyEncoding, alloc, null));
        }
    }

    private Operation operation(FullHttpRequest request, String target, Encoding encoding) {
        if (request.method() != HttpMethod.POST) {
            throw new ProtocolException(
                    ProtocolException.Type.ACCESS_DENIED,
                    "Unable to determine service/operation name to be authorized");
        }
        if (encoding == null) {
            if (target == null) {
                throw new ProtocolException(
                        ProtocolException.Type.ACCESS_DENIED,
                        "Unable to determine service/operation name to be authorized");
            }
            throw new ProtocolException(
                    ProtocolException.Type.UNSUPPORTED_CONTENT,
                    "Unsupported content type: "
                            + request.headers().get(HttpHeaderNames.CONTENT_TYPE)
                            + "; use application/x-amz-json-1.1 or application/x-amz-cbor-1.1");
        }
        String prefix = model.targetPrefix() + ".";
        if (target == null || !target.startsWith(prefix)) {
            throw new ProtocolException(
                    ProtocolException.Type.UNKNOWN_OPERATION,
                    target == null ? "Missing X-Amz-Target header" : "Unknown service in X-Amz-Target: " + target);
        }
        Operation operation = model.operation(target.substring(prefix.length())).orElse(null);
        Routes primary = routing.primary();
        if (operation == null
                || !primary.handlers().containsKey(operation.name())
                        && !primary.streaming().containsKey(operation.name())) {
            throw new ProtocolException(ProtocolException.Type.UNKNOWN_OPERATION, "Unknown operation: " + target);
        }
        return operation;
    }

    /**
     * The request's signer: checked if a verifier is set; otherwise taken at its word, a 12-digit
     * access key id naming an account and any other the server's own (account null).
     */
    private Principal authenticate(FullHttpRequest request) {
        Authentication.check(request);
        if (verifier != null) {
            Credentials.Key key = verifier.verify(request);
            return new Principal(key.accessKeyId(), key.accountId());
        }
        String key = Authentication.accessKeyId(request);
        boolean account = key != null && key.length() == 12 && key.chars().allMatch(Character::isDigit);
        return new Principal(key == null ? "anonymous" : key, account ? key : null);
    }

    /**
     * Checks the principal may do the action on the resource the request names (a consumer, a
     * stream by ARN or name, or the account), and returns the routes of the resource's account:
     * another account's stream named by ARN is served by that account, if its policy allows.
     */
    private Routes authorize(Principal principal, String action, Map<String, Object> values, Routes own) {
        String resource = firstString(values, "ConsumerARN", "ResourceARN", "StreamARN");
        if (resource == null && values.get("ShardIterator") instanceof String it) {
            resource = own.streamArnOfIterator().apply(it); // GetRecords acts on the iterator's stream
        }
        if (resource == null) {
            resource =
                    values.get("StreamName") instanceof String n ? own.config().streamArn(n) : "*";
        }
        String resourceAccount = accountOf(resource);
        Routes routes = own;
        if (resourceAccount != null && !resourceAccount.equals(own.accountId())) {
            Routes other = routing.existing(resourceAccount);
            if (other != null) {
                routes = other;
            }
        }
        authorizer.check(
                principal,
                "kinesis:" + action,
                resource,
                resourceAccount,
                resource.equals("*") ? null : routes.resourcePolicies().apply(resource));
        return routes;
    }

    private static String firstString(Map<String, Object> values, String... members) {
        for (String m : members) {
            if (values.get(m) instanceof String s) {
                return s;
            }
        }
        return null;
    }

    /** The account field of an ARN ({@code arn:aws:kinesis:region:ACCOUNT:…}), or null. */
    private static String accountOf(String arn) {
        if (!arn.startsWith("arn:")) {
            return null;
        }
        int at = 0;
        for (int field = 0; field < 4; field++) { // past arn, partition, service and region
            at = arn.indexOf(':', at) + 1;
            if (at == 0) {
                return null;
            }
        }
        int end = arn.indexOf(':', at);
        end = end < 0 ? arn.length() : end;
        return end > at ? arn.substring(at, end) : null;
    }

    private static Map<String, Object> decode(ByteBuf body, Encoding encoding, Operation operation) {
        if (body.hasArray()) {
            return RequestDecoder.decode(
                    body.array(),
                    body.arrayOffset() + body.readerIndex(),
                    body.readableBytes(),
                    encoding,
                    operation.input());
        }
        byte[] bytes = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), bytes);
        return RequestDecoder.decode(bytes, 0, bytes.length, encoding, operation.input());
    }

    private static Reply success(
            Operation operation, Map<String, Object> response, Encoding encoding, ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            ResponseEncoder.encode(operation.output(), response, encoding, out);
        } catch (java.io.IOException | RuntimeException e) {
            buf.release();
            LOG.error("encoding the {} response failed", operation.name(), e);
            return error("InternalFailure", 500, "Internal service failure.", encoding, alloc);
        }
        return new Reply(200, encoding.contentType(), buf, null);
    }

    /** The AWS error for any failure; unexpected ones are logged and become InternalFailure. */
    public static Reply failure(Throwable error, Encoding encoding, ByteBufAllocator alloc, String operation) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof ProtocolException p) {
            return error(p.type().wireName(), p.type().status(), p.getMessage(), encoding, alloc);
        }
        if (e instanceof KinesisException k) {
            return error(k.code().wireName(), k.code().status(), k.getMessage(), encoding, alloc);
        }
        if (e instanceof StorageException.UnavailableException) {
            LOG.error("{} failed: the store is unavailable", operation, e);
            return error("ServiceUnavailable", 503, "The service is unavailable: " + e.getMessage(), encoding, alloc);
        }
        LOG.error("{} failed unexpectedly", operation == null ? "request" : operation, e);
        return error("InternalFailure", 500, "Internal service failure.", encoding, alloc);
    }

    public static Reply error(String type, int status, String message, Encoding encoding, ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer(64 + (message == null ? 0 : message.length()));
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            ResponseEncoder.encodeError(type, message, encoding, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Reply(status, encoding.contentType(), buf, type);
    }
}
