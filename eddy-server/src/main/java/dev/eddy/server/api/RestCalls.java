package dev.eddy.server.api;

import dev.eddy.protocol.ProtocolException;
import dev.eddy.server.auth.Authorizer;
import dev.eddy.service.ServiceException;
import dev.eddy.service.iam.Principal;
import dev.eddy.service.rest.RestRequest;
import dev.eddy.service.rest.RestResponse;
import dev.eddy.service.rest.RestService;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Requests for the REST-style services (S3): recognised by the signing name of their credential
 * scope, authenticated and authorised once like every other request, then handed to the account's
 * service as a {@link RestRequest}; its answer becomes a {@link Reply}. Errors before the service
 * sees the request are spelt as S3 spells them (XML, {@code SignatureDoesNotMatch}, {@code AccessDenied}).
 */
final class RestCalls {
    private final Dispatcher.Routing routing;
    private final BiFunction<FullHttpRequest, String, Principal> authenticate;
    private final Authorizer authorizer;

    RestCalls(
            Dispatcher.Routing routing,
            BiFunction<FullHttpRequest, String, Principal> authenticate,
            Authorizer authorizer) {
        this.routing = routing;
        this.authenticate = authenticate;
        this.authorizer = authorizer;
    }

    /** The service segment of the request's credential scope ({@code s3}), or null if it names none. */
    static String signingName(FullHttpRequest request) {
        String credential = null;
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null) {
            int at = header.indexOf("Credential=");
            if (at >= 0) {
                int end = header.indexOf(',', at);
                credential = header.substring(at + 11, end < 0 ? header.length() : end);
            }
        } else if (request.uri().contains("X-Amz-Credential=")) {
            List<String> q = new QueryStringDecoder(request.uri()).parameters().get("X-Amz-Credential");
            credential = q == null || q.isEmpty() ? null : q.get(0);
        }
        if (credential == null) {
            return null;
        }
        String[] scope = credential.strip().split("/");
        return scope.length == 5 ? scope[3] : null;
    }

    CompletableFuture<Reply> dispatch(FullHttpRequest request, String signingName, String requestId) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.putIfAbsent(h.getKey(), h.getValue());
        }
        ByteBuf content = request.content();
        byte[] body = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), body);
        String method = request.method().name();
        RestRequest plain = new RestRequest(method, uri.path(), uri.parameters(), headers, body, null, requestId);
        try {
            Principal signer = authenticate.apply(request, signingName);
            Dispatcher.Account account = routing.account(signer.accountId());
            RestService service = account.rest().get(signingName);
            RestRequest r = new RestRequest(
                    method, uri.path(), uri.parameters(), headers, body, account.accountId(), requestId);
            RestService.Access access = service.access(r);
            Principal principal = new Principal(signer.accessKeyId(), account.accountId());
            authorizer.check(principal, service.policyPrefix() + ":" + access.action(), access.resource(), null, null);
            return service.handle(r).thenApply(response -> reply(response, requestId));
        } catch (ProtocolException e) {
            return CompletableFuture.completedFuture(reply(error(plain, s3Code(e), e.getMessage()), requestId));
        } catch (ServiceException e) {
            String code = e.code().equals("AccessDeniedException") ? "AccessDenied" : e.code();
            return CompletableFuture.completedFuture(reply(error(plain, code, e.getMessage()), requestId));
        }
    }

    private static String s3Code(ProtocolException e) {
        return switch (e.type()) {
            case INVALID_SIGNATURE ->
                e.getMessage() != null && e.getMessage().contains("x-amz-content-sha256")
                        ? "XAmzContentSHA256Mismatch"
                        : "SignatureDoesNotMatch";
            case MISSING_AUTHENTICATION_TOKEN, ACCESS_DENIED -> "AccessDenied";
            case INCOMPLETE_SIGNATURE -> "AuthorizationHeaderMalformed";
            case UNRECOGNIZED_CLIENT -> "InvalidAccessKeyId";
            default -> "InvalidRequest";
        };
    }

    private static RestResponse error(RestRequest r, String code, String message) {
        int status = switch (code) {
            case "SignatureDoesNotMatch", "AccessDenied", "InvalidAccessKeyId" -> 403;
            default -> 400;
        };
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
                .append(code)
                .append("</Code><Message>")
                .append(escape(message == null ? "" : message))
                .append("</Message><RequestId>")
                .append(r.requestId())
                .append("</RequestId></Error>");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/xml");
        byte[] body =
                r.method().equals("HEAD") ? RestResponse.EMPTY : xml.toString().getBytes(StandardCharsets.UTF_8);
        return new RestResponse(status, headers, body, code);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Reply reply(RestResponse response, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        String contentType = headers.remove("Content-Type");
        headers.put("x-amz-request-id", requestId);
        return new Reply(
                response.status(),
                contentType,
                Unpooled.wrappedBuffer(response.body()),
                response.errorCode(),
                headers,
                requestId,
                null);
    }
}
