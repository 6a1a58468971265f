package dev.eddy.server.api;

import dev.eddy.protocol.ProtocolException;
import dev.eddy.protocol.codec.Protocol;
import dev.eddy.protocol.model.Operation;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.protocol.query.QueryDecoder;
import dev.eddy.service.Service;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the service, operation and protocol of a request, from what the services' models say:
 *
 * <ul>
 *   <li>{@code X-Amz-Target: <targetPrefix>.<Operation>}: a JSON protocol (the model's version), or
 *       Kinesis's CBOR for a CBOR body;
 *   <li>{@code POST /service/<Service>/operation/<Operation>}: smithy RPC v2 CBOR, for services whose
 *       model offers it (the service segment is the target prefix, optionally with its namespace);
 *   <li>a form body with {@code Action} and {@code Version}: awsQuery, by the model's API version.
 * </ul>
 *
 * Anything else is refused the way AWS's front door refuses it. Adding a service adds its model to
 * the table; no other service is touched. Immutable; built once from the server's services.
 */
final class ServiceRouter {
    /** Where a request goes: which service, which operation, in which protocol. */
    record Route(
            String service, ServiceModel model, Operation operation, Protocol protocol, Map<String, String> form) {}

    private static final String RPC_V2 = "smithy-rpc-v2-cbor";

    private final Map<String, String> byTarget = new HashMap<>();
    private final Map<String, String> byRpcV2 = new HashMap<>();
    private final Map<String, String> byQueryVersion = new HashMap<>();
    private final Map<String, ServiceModel> models = new HashMap<>();

    ServiceRouter(Map<String, Service> services) {
        services.forEach((key, service) -> {
            ServiceModel model = service.model();
            models.put(key, model);
            ServiceModel.Metadata m = model.metadata();
            List<String> protocols = m.protocols();
            if (m.targetPrefix() != null && (protocols.contains("json") || protocols.contains(RPC_V2))) {
                byTarget.put(m.targetPrefix(), key);
            }
            if (protocols.contains(RPC_V2) && m.targetPrefix() != null) {
                byRpcV2.put(m.targetPrefix(), key);
            }
            if (protocols.contains("query") && m.apiVersion() != null) {
                byQueryVersion.put(m.apiVersion(), key);
            }
        });
    }

    Route route(FullHttpRequest request) {
        String path = path(request.uri());
        if (path.startsWith("/service/") && path.contains("/operation/")) {
            return rpcV2(request, path);
        }
        String target = request.headers().get("X-Amz-Target");
        if (request.method() != HttpMethod.POST) {
            throw FrontDoorAnswer.accessDenied();
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (target == null && isForm(contentType)) {
            return query(request);
        }
        if (target == null) {
            untargeted(request, contentType);
        }
        String service = null;
        String operationName = null;
        if (target != null) {
            int dot = target.lastIndexOf('.');
            if (dot > 0) {
                service = byTarget.get(target.substring(0, dot));
                operationName = target.substring(dot + 1);
            }
        }
        ServiceModel model = service == null ? null : models.get(service);
        Protocol protocol = Protocol.ofTargetedRequest(
                contentType, model == null ? "1.1" : model.metadata().jsonVersion());
        if (protocol == null) {
            throw new ProtocolException(
                    ProtocolException.Type.UNSUPPORTED_CONTENT,
                    "Unsupported content type: " + contentType
                            + "; use application/x-amz-json-1.1 or application/x-amz-cbor-1.1");
        }
        if (model == null) {
            throw new ProtocolException(
                    ProtocolException.Type.UNKNOWN_OPERATION,
                    target == null ? "Missing X-Amz-Target header" : "Unknown service in X-Amz-Target: " + target);
        }
        Operation operation = model.operation(operationName)
                .orElseThrow(() -> new ProtocolException(
                        ProtocolException.Type.UNKNOWN_OPERATION, "Unknown operation: " + target));
        return new Route(service, model, operation, protocol, null);
    }

    /**
     * A POST that names no operation, answered as AWS's front door answers it: with no content type
     * a body is refused as unauthorisable (403, XML) and an empty request as an unknown operation in
     * CBOR; {@code application/json} gets the JSON 1.0 envelope (SerializationException if the
     * body is not JSON); an unknown content type is an unknown operation in CBOR; the services'
     * own content types an unknown operation with only its type, in theirs.
     */
    private static void untargeted(FullHttpRequest request, String contentType) {
        String type =
                contentType == null ? null : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type == null || type.isEmpty()) {
            if (request.content().isReadable()) {
                throw FrontDoorAnswer.accessDenied();
            }
            throw new UntargetedException(Protocol.KINESIS_CBOR);
        }
        if (type.equals("application/json")) {
            boolean json;
            try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser((java.io.InputStream)
                    new io.netty.buffer.ByteBufInputStream(request.content().duplicate()))) {
                while (p.nextToken() != null) {
                    // read through: is it JSON at all?
                }
                json = true;
            } catch (java.io.IOException e) {
                json = false;
            }
            throw FrontDoorAnswer.jsonEnvelope(json ? "UnknownOperationException" : "SerializationException");
        }
        Protocol p = Protocol.ofTargetedRequest(contentType, "1.1");
        throw new UntargetedException(p == null ? Protocol.KINESIS_CBOR : p);
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    /** A request without X-Amz-Target: UnknownOperationException with only its type, in {@code protocol}. */
    static final class UntargetedException extends RuntimeException {
        final Protocol protocol;

        UntargetedException(Protocol protocol) {
            super(null, null, false, false);
            this.protocol = protocol;
        }
    }

    /** {@code POST /service/<Service>/operation/<Operation>} with {@code smithy-protocol: rpc-v2-cbor}. */
    private Route rpcV2(FullHttpRequest request, String path) {
        String[] parts = path.split("/");
        // the last four segments: service, <name>, operation, <name> (a prefix before them is allowed)
        if (parts.length < 5
                || !parts[parts.length - 4].equals("service")
                || !parts[parts.length - 2].equals("operation")) {
            throw new ProtocolException(ProtocolException.Type.UNKNOWN_OPERATION, "Unknown operation path: " + path);
        }
        String serviceName = java.net.URLDecoder.decode(parts[parts.length - 3], StandardCharsets.UTF_8);
        String service = byRpcV2.get(serviceName.substring(serviceName.indexOf('#') + 1));
        if (service == null || request.method() != HttpMethod.POST) {
            throw new ProtocolException(ProtocolException.Type.UNKNOWN_OPERATION, "Unknown service: " + serviceName);
        }
        if (request.headers().contains("X-Amz-Target") || request.headers().contains("X-Amzn-Target")) {
            throw new ProtocolException(
                    ProtocolException.Type.UNKNOWN_OPERATION, "An RPC v2 request must not carry X-Amz-Target.");
        }
        ServiceModel model = models.get(service);
        String operationName = parts[parts.length - 1];
        Operation operation = model.operation(operationName)
                .orElseThrow(() -> new ProtocolException(
                        ProtocolException.Type.UNKNOWN_OPERATION, "Unknown operation: " + operationName));
        return new Route(service, model, operation, Protocol.RPC_V2_CBOR, null);
    }

    /** A form body {@code Action=...&Version=...}: awsQuery, for the service of that version. */
    private Route query(FullHttpRequest request) {
        Map<String, String> form =
                QueryDecoder.parameters(Bodies.inflated(request).toString(StandardCharsets.UTF_8));
        String action = form.get("Action");
        String version = form.get("Version");
        String service = version == null ? null : byQueryVersion.get(version);
        if (service == null) {
            throw FrontDoorAnswer.accessDenied();
        }
        ServiceModel model = models.get(service);
        if (action == null || action.isEmpty()) {
            throw new ProtocolException(
                    ProtocolException.Type.INVALID_ACTION, "The action or operation requested is invalid.");
        }
        Operation operation = model.operation(action)
                .orElseThrow(() -> new ProtocolException(
                        ProtocolException.Type.INVALID_ACTION,
                        "Could not find operation " + action + " for version " + version));
        return new Route(service, model, operation, Protocol.AWS_QUERY, form);
    }

    /** The query-protocol service of a request we could not route (its error must be XML), or null. */
    ServiceModel queryModel(FullHttpRequest request) {
        if (!isForm(request.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
            return null;
        }
        String version = QueryDecoder.parameters(Bodies.inflated(request).toString(StandardCharsets.UTF_8))
                .get("Version");
        String service = version == null ? null : byQueryVersion.get(version);
        return service == null ? null : models.get(service);
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static String path(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
