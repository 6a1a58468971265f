package dev.eddy.server.api;

import dev.eddy.protocol.ProtocolException;
import dev.eddy.protocol.codec.Encoding;
import dev.eddy.protocol.codec.Protocol;
import dev.eddy.protocol.codec.RequestDecoder;
import dev.eddy.protocol.codec.ResponseEncoder;
import dev.eddy.protocol.model.Operation;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.protocol.model.Shape;
import dev.eddy.protocol.query.QueryDecoder;
import dev.eddy.protocol.query.XmlWriter;
import dev.eddy.server.auth.Authorizer;
import dev.eddy.server.auth.Credentials;
import dev.eddy.server.auth.SigV4Verifier;
import dev.eddy.service.ErrorStyle;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Service;
import dev.eddy.service.ServiceException;
import dev.eddy.service.StreamingHandler;
import dev.eddy.service.iam.Principal;
import dev.eddy.storage.StorageException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an HTTP request into a service call and its result into an HTTP response, the same way
 * for every service: the {@link ServiceRouter} names the service, operation and protocol; the
 * caller is authenticated once (SigV4, its account); the body is decoded by the operation's input
 * shape in the request's protocol and validated against the model; the caller's policies are
 * checked against the resource the service says the request acts on (a resource of another account
 * is served by that account); the service's handler runs; its result, or the AWS error, is encoded
 * in the request's protocol with the service's error spelling. Bad input always ends as a 4xx with
 * the AWS error type; only a fault of the server is a 500.
 *
 * <p>Stateless and shared by every connection; runs on Netty event loops.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ServiceRouter router;
    private final SigV4Verifier verifier;
    private final Routing routing;
    private final Authorizer authorizer;
    private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();

    /** One account's services, by key ({@code kinesis}, {@code dynamodb}: their policy prefixes). */
    public interface Account {
        String accountId();

        Map<String, Service> services();

        default Service service(String key) {
            return services().get(key);
        }

        /** The account's REST-style services (S3), by signing name. */
        default Map<String, dev.eddy.service.rest.RestService> rest() {
            return Map.of();
        }
    }

    /** The accounts a server holds: the server's own, and any an access key names. */
    public interface Routing {
        /** The server's own account ({@code --account-id}), for requests that name no other. */
        Account primary();

        /** The account's services, opening the account on first use (null: the server's own). */
        Account account(String accountId);

        /** The account if it has any data here, else null (another account's ARN is no reason to open one). */
        Account existing(String accountId);
    }

    /**
     * Requests go to the account of the access key that signed them: with {@code verifier} set,
     * the account its credentials file gives the key; without, a 12-digit access key id names an
     * account (as kinesis-mock has it) and any other key the server's own. Signatures are then
     * required but not checked.
     */
    public Dispatcher(Routing routing, SigV4Verifier verifier, Authorizer authorizer) {
        this.verifier = verifier;
        this.authorizer = authorizer;
        this.routing = routing;
        this.router = new ServiceRouter(routing.primary().services());
        this.rest = new RestCalls(routing, this::authenticate, authorizer);
    }

    private final RestCalls rest;

    /** Kinesis requests dispatched so far with a body in {@code encoding}. */
    public long requests(Encoding encoding) {
        long n = 0;
        for (Protocol p : Protocol.values()) {
            if (p.encoding() == encoding) {
                n += requests("kinesis", p);
            }
        }
        return n;
    }

    /** Requests to {@code service} dispatched so far in {@code protocol}. */
    public long requests(String service, Protocol protocol) {
        LongAdder n = requests.get(service + "/" + protocol.name());
        return n == null ? 0 : n.sum();
    }

    /** Request counts by service and protocol ({@code kinesis/AWS_JSON_1_1}), for /metrics. */
    public Map<String, Long> requestCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        requests.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void count(String service, Protocol protocol) {
        String key = service + "/" + protocol.name();
        LongAdder n = requests.get(key);
        if (n == null) {
            n = requests.computeIfAbsent(key, k -> new LongAdder());
        }
        n.increment();
    }

    public CompletableFuture<Reply> dispatch(FullHttpRequest request, ByteBufAllocator alloc) {
        return dispatch(request, alloc, Runnable::run);
    }

    /** What an error reply needs to know of where the request was going. */
    private record Context(ServiceModel model, ErrorStyle style, Protocol protocol, String requestId) {}

    /**
     * Dispatches a request whose connection runs on {@code executor}; actions that wait for a
     * store continue there, so encoding their answers does not load the store's writer thread.
     */
    public CompletableFuture<Reply> dispatch(FullHttpRequest request, ByteBufAllocator alloc, Executor executor) {
        String requestId = requestId();
        Context ctx = new Context(null, ErrorStyle.bare(), Protocol.AWS_JSON_1_1, requestId);
        Service service = null;
        String restName = RestCalls.signingName(request);
        if (restName != null && routing.primary().rest().containsKey(restName)) {
            return rest.dispatch(request, restName, requestId);
        }
        try {
            ctx = unroutedContext(request, requestId);
            ServiceRouter.Route route = router.route(request);
            Service primary = routing.primary().service(route.service());
            ctx = new Context(route.model(), primary.errors(), route.protocol(), requestId);
            Operation operation = route.operation();
            if (!primary.handlers().containsKey(operation.name())
                    && !primary.streaming().containsKey(operation.name())) {
                throw new ProtocolException(
                        ProtocolException.Type.UNKNOWN_OPERATION, "Unknown operation: " + operation.name());
            }
            service = primary;
            // the body is read before the signature is looked at, as AWS's front door does
            Map<String, Object> values = decode(request, route);
            Principal signer = authenticate(request);
            Account account = routing.account(signer.accountId());
            Principal principal = new Principal(signer.accessKeyId(), account.accountId());
            service = account.service(route.service());
            count(route.service(), route.protocol());
            service.validate(operation, values);
            Input input = new Input(values, executor);
            service = authorize(principal, route, input, account, service);
            StreamingHandler stream = service.streaming().get(operation.name());
            if (stream != null) {
                return CompletableFuture.completedFuture(new Reply(
                        200,
                        Reply.EVENT_STREAM,
                        Unpooled.EMPTY_BUFFER,
                        null,
                        Map.of(),
                        requestId,
                        stream.subscribe(input)));
            }
            Handler handler = service.handlers().get(operation.name());
            Service serving = service;
            Context served = ctx;
            CompletableFuture<Map<String, Object>> result = handler.handle(input);
            return result.handle((response, error) -> error == null
                    ? success(serving, route, response, served, alloc)
                    : failure(error, serving, served, alloc, operation.name()));
        } catch (FrontDoorAnswer a) {
            return CompletableFuture.completedFuture(new Reply(
                    a.status, a.contentType, Unpooled.wrappedBuffer(a.body), a.errorType, Map.of(), requestId, null));
        } catch (ServiceRouter.UntargetedException e) {
            Context untargeted = new Context(null, ErrorStyle.bare(), e.protocol, requestId);
            return CompletableFuture.completedFuture(failure(
                    new ProtocolException(ProtocolException.Type.UNKNOWN_OPERATION, null),
                    null,
                    untargeted,
                    alloc,
                    null));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e, service, ctx, alloc, null));
        }
    }

    /** Before routing succeeds, errors are Kinesis's JSON, or XML for a form aimed at an awsQuery service. */
    private Context unroutedContext(FullHttpRequest request, String requestId) {
        ServiceModel query = router.queryModel(request);
        if (query != null) {
            return new Context(query, ErrorStyle.bare(), Protocol.AWS_QUERY, requestId);
        }
        String type = request.headers().get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE);
        Protocol p = Protocol.ofTargetedRequest(type, "1.1");
        return new Context(null, ErrorStyle.bare(), p == null ? Protocol.AWS_JSON_1_1 : p, requestId);
    }

    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xf000L | 0x4000L, random.nextLong() & ~(3L << 62) | (1L << 63))
                .toString();
    }

    /**
     * The request's signer: checked if a verifier is set; otherwise taken at its word, a 12-digit
     * access key id naming an account and any other the server's own (account null).
     */
    private Principal authenticate(FullHttpRequest request) {
        return authenticate(request, null);
    }

    /** As {@link #authenticate(FullHttpRequest)}, for a request scoped to {@code service} (null: Kinesis's rules). */
    private Principal authenticate(FullHttpRequest request, String service) {
        Authentication.check(request);
        if (verifier != null) {
            Credentials.Key key = service == null ? verifier.verify(request) : verifier.verify(request, service);
            return new Principal(key.accessKeyId(), key.accountId());
        }
        String key = Authentication.accessKeyId(request);
        boolean account = key != null && key.length() == 12 && key.chars().allMatch(Character::isDigit);
        return new Principal(key == null ? "anonymous" : key, account ? key : null);
    }

    private static Map<String, Object> decode(FullHttpRequest request, ServiceRouter.Route route) {
        Shape input = route.operation().input();
        if (route.protocol() == Protocol.AWS_QUERY) {
            return QueryDecoder.decode(route.form(), input);
        }
        ByteBuf body = Bodies.inflated(request);
        if (body.readableBytes() == 0) {
            if (route.protocol() == Protocol.RPC_V2_CBOR) {
                return new HashMap<>(); // an RPC v2 request without input members has no body
            }
            // AWS answers an empty body with the error's type alone
            throw new ProtocolException(ProtocolException.Type.SERIALIZATION, null);
        }
        if (input == null) {
            return new HashMap<>();
        }
        if (body.hasArray()) {
            return RequestDecoder.decode(
                    body.array(),
                    body.arrayOffset() + body.readerIndex(),
                    body.readableBytes(),
                    route.protocol(),
                    input);
        }
        byte[] bytes = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), bytes);
        return RequestDecoder.decode(bytes, 0, bytes.length, route.protocol(), input);
    }

    /**
     * Checks the principal may do the action on the resource the service says the request acts
     * on, and returns the service of the resource's account: another account's resource named by
     * ARN is served by that account, if its policy allows.
     */
    private Service authorize(
            Principal principal, ServiceRouter.Route route, Input input, Account own, Service ownService) {
        String resource = ownService.resource(route.operation().name(), input);
        String resourceAccount = accountOf(resource);
        Service service = ownService;
        if (resourceAccount != null && !resourceAccount.equals(own.accountId())) {
            Account other = routing.existing(resourceAccount);
            if (other != null && other.service(route.service()) != null) {
                service = other.service(route.service());
            }
        }
        authorizer.check(
                principal,
                ownService.policyPrefix() + ":" + route.operation().name(),
                resource,
                resourceAccount,
                resource.equals("*") ? null : service.resourcePolicy(resource));
        return service;
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

    private static Reply success(
            Service service,
            ServiceRouter.Route route,
            Map<String, Object> response,
            Context ctx,
            ByteBufAllocator alloc) {
        Operation operation = route.operation();
        Protocol protocol = route.protocol();
        Map<String, String> headers = new HashMap<>(2);
        ByteBuf buf;
        String contentType = protocol.contentType();
        try {
            if (protocol == Protocol.AWS_QUERY) {
                buf = Unpooled.wrappedBuffer(XmlWriter.response(
                        operation, response, route.model().metadata().xmlNamespace(), ctx.requestId()));
            } else if (protocol == Protocol.RPC_V2_CBOR && operation.output() == null) {
                buf = Unpooled.EMPTY_BUFFER; // a unit output has no body and no Content-Type
                contentType = null;
            } else if (operation.output() == null) {
                buf = Unpooled.EMPTY_BUFFER; // AWS answers an operation without output with no body at all
            } else {
                buf = alloc.buffer();
                try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
                    ResponseEncoder.encode(operation.output(), response, protocol, out);
                } catch (java.io.IOException | RuntimeException e) {
                    buf.release();
                    throw e;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.error("encoding the {} response failed", operation.name(), e);
            return error(new ServiceException("InternalFailure", 500, "Internal service failure."), ctx, alloc);
        }
        if (protocol == Protocol.RPC_V2_CBOR) {
            headers.put("smithy-protocol", "rpc-v2-cbor");
        }
        if (service.checksumsResponses()) {
            headers.put("x-amz-crc32", Long.toString(crc32(buf)));
        }
        return new Reply(200, contentType, buf, null, headers, ctx.requestId(), null);
    }

    private static long crc32(ByteBuf buf) {
        CRC32 crc = new CRC32();
        crc.update(buf.nioBuffer());
        return crc.getValue();
    }

    /** The AWS error for any failure; unexpected ones are logged and become InternalFailure. */
    private static final dev.eddy.server.logging.RateLimitedLog UNEXPECTED =
            new dev.eddy.server.logging.RateLimitedLog(LOG, 5_000);

    private static Reply failure(
            Throwable error, Service service, Context ctx, ByteBufAllocator alloc, String operation) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        ServiceException mapped = null;
        if (e instanceof ProtocolException p) {
            mapped = new ServiceException(p.type().wireName(), p.type().status(), p.getMessage());
        } else if (e instanceof ServiceException s) {
            mapped = s;
        } else if (service != null) {
            mapped = service.error(e);
        }
        if (mapped == null) {
            if (e instanceof StorageException.UnavailableException) {
                LOG.error("{} failed: the store is unavailable", operation, e);
                mapped = new ServiceException(
                        "ServiceUnavailable", 503, "The service is unavailable: " + e.getMessage());
            } else {
                // a request that finds a bug may be sent again and again: the log keeps a line per interval
                UNEXPECTED.error("{} failed unexpectedly", operation == null ? "request" : operation, e);
                mapped = new ServiceException("InternalFailure", 500, "Internal service failure.");
            }
        }
        return error(mapped, ctx, alloc);
    }

    /** An error in the request's protocol, spelt as its service spells errors. */
    private static Reply error(ServiceException e, Context ctx, ByteBufAllocator alloc) {
        ServiceModel model = ctx.model();
        Shape shape = model == null
                ? null
                : model.findShape(e.code()).filter(Shape::isException).orElse(null);
        Shape.ErrorTrait trait = shape == null ? null : shape.error();
        int status = e.status();
        Map<String, String> headers = new HashMap<>(2);
        String queryCode = trait != null && trait.code() != null
                ? trait.code()
                : ctx.style().queryCode(e.code());
        boolean sender = trait != null ? trait.senderFault() : status < 500;
        if (model != null && model.metadata().awsQueryCompatible() && ctx.protocol() != Protocol.AWS_QUERY) {
            headers.put("x-amzn-query-error", queryCode + ";" + (sender ? "Sender" : "Receiver"));
        }
        if (ctx.protocol() == Protocol.RPC_V2_CBOR) {
            headers.put("smithy-protocol", "rpc-v2-cbor");
        }
        if (ctx.protocol() == Protocol.AWS_QUERY) {
            byte[] xml = XmlWriter.error(
                    queryCode,
                    e.getMessage(),
                    sender,
                    model == null ? "" : model.metadata().xmlNamespace(),
                    ctx.requestId());
            return new Reply(status, "text/xml", Unpooled.wrappedBuffer(xml), e.code(), headers, ctx.requestId(), null);
        }
        String messageMember;
        if (shape != null && shape.members().containsKey("Message")) {
            messageMember = "Message";
        } else if (shape != null || !ErrorStyle.FRONT_DOOR.contains(e.code())) {
            messageMember = "message";
        } else {
            messageMember = ctx.style().frontDoorMessageMember();
        }
        String message = e.getMessage();
        ByteBuf buf = alloc.buffer(64 + (message == null ? 0 : message.length()));
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            ResponseEncoder.encodeError(
                    ctx.style().type(e.code()), messageMember, message, shape, e.members(), ctx.protocol(), out);
        } catch (java.io.IOException | RuntimeException x) {
            // the answer stays the error it is, with its type alone, in the request's encoding
            buf.release();
            LOG.error("encoding a {} error failed; it is answered without its message", e.code(), x);
            buf = alloc.buffer(64);
            try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
                ResponseEncoder.encodeError(
                        ctx.style().type(e.code()), null, null, null, Map.of(), ctx.protocol(), out);
            } catch (java.io.IOException | RuntimeException again) {
                buf.release();
                buf = Unpooled.wrappedBuffer(
                        ("{\"__type\":\"InternalFailure\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                status = 500;
            }
        }
        return new Reply(status, ctx.protocol().contentType(), buf, e.code(), headers, ctx.requestId(), null);
    }

    /** The AWS error for any failure, in Kinesis's spelling (for the transport's own errors). */
    public static Reply failure(Throwable error, Encoding encoding, ByteBufAllocator alloc, String operation) {
        return failure(
                error,
                null,
                new Context(null, ErrorStyle.bare(), Protocol.of(encoding), requestId()),
                alloc,
                operation);
    }

    /** A Kinesis-style error reply (for the transport's own errors: bad HTTP, oversized bodies). */
    public static Reply error(String type, int status, String message, Encoding encoding, ByteBufAllocator alloc) {
        return error(
                new ServiceException(type, status, message),
                new Context(null, ErrorStyle.bare(), Protocol.of(encoding), requestId()),
                alloc);
    }
}
