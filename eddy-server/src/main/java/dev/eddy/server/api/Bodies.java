package dev.eddy.server.api;

import dev.eddy.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpRequest;

/** Request bodies as services read them: gzip-encoded ones (PutMetricData's, past 10 KB) inflated. */
final class Bodies {
    private Bodies() {}

    /** The largest body a gzip-encoded request may inflate to. */
    private static final int MAX_INFLATED_BYTES = 64 << 20;

    /** The request's body, inflated if it is gzip-encoded (the AWS SDKs compress PutMetricData). */
    static ByteBuf inflated(FullHttpRequest request) {
        String encoding = request.headers().get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_ENCODING);
        if (encoding == null || !encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip")) {
            return request.content();
        }
        byte[] compressed = io.netty.buffer.ByteBufUtil.getBytes(request.content());
        try (java.util.zip.GZIPInputStream in =
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(compressed.length * 4);
            byte[] chunk = new byte[16384];
            int n;
            while ((n = in.read(chunk)) > 0) {
                out.write(chunk, 0, n);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw new ProtocolException(
                            ProtocolException.Type.REQUEST_TOO_LARGE,
                            "The request body inflates to more than " + MAX_INFLATED_BYTES + " bytes.");
                }
            }
            return Unpooled.wrappedBuffer(out.toByteArray());
        } catch (java.io.IOException e) {
            throw new ProtocolException(
                    ProtocolException.Type.SERIALIZATION, "The request body is not valid gzip: " + e.getMessage());
        }
    }
}
