package dev.eddy.server.transport;

import dev.eddy.engine.KinesisException;
import dev.eddy.engine.RecordReader;
import dev.eddy.engine.ShardSubscription;
import dev.eddy.kinesis.Views;
import dev.eddy.protocol.codec.ByteSlice;
import dev.eddy.protocol.codec.Encoding;
import dev.eddy.protocol.codec.ResponseEncoder;
import dev.eddy.protocol.eventstream.EventStream;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.protocol.model.Shape;
import dev.eddy.server.api.Reply;
import dev.eddy.service.Out;
import dev.eddy.storage.StoredRecord;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one SubscribeToShard over its HTTP/2 stream or HTTP/1.1 connection (chunked): the 200
 * response, the mandatory {@code initial-response} event, then {@code SubscribeToShardEvent}s
 * pushed as soon as records commit, an empty event every second when idle (so the continuation
 * advances), and finally the end of the stream: after the subscription's lifetime, at a closed
 * shard's end (with ChildShards), or with an exception event if it is taken over or its consumer
 * or stream goes away.
 *
 * <p>Flow control: records are read from storage only while the channel is writable, so a slow
 * or stalled subscriber holds at most about one event beyond the transport's buffers and never
 * slows producers; with limits enforced, also only while the subscription's 2 MiB/s allows
 * ({@link ShardSubscription#pauseMillis}). Everything runs on the channel's event loop.
 */
final class SubscriptionStreamer {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionStreamer.class);
    private static final Shape EVENT = ServiceModel.kinesis().shape("SubscribeToShardEvent");
    static final int MAX_EVENT_RECORDS = 10_000;
    static final long MAX_EVENT_BYTES = 1 << 20;
    static final long HEARTBEAT_MILLIS = 1_000;

    private final ChannelHandlerContext ctx;
    private final ShardSubscription subscription;
    private final boolean http2;
    private final long lifetimeMillis;
    private final Runnable onDone;
    private final String requestId;
    /** The headers a browser's page may read, when the request had an Origin; else null. */
    private final String corsExposed;

    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> expiry;
    private long lastSentNanos;
    private boolean resumeScheduled;
    private boolean finished;

    SubscriptionStreamer(
            ChannelHandlerContext ctx,
            ShardSubscription subscription,
            boolean http2,
            long lifetimeMillis,
            String requestId,
            String corsExposed,
            Runnable onDone) {
        this.ctx = ctx;
        this.requestId = requestId == null ? UUID.randomUUID().toString() : requestId;
        this.corsExposed = corsExposed;
        this.subscription = subscription;
        this.http2 = http2;
        this.lifetimeMillis = lifetimeMillis;
        this.onDone = onDone;
    }

    void start() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, Reply.EVENT_STREAM).set("x-amzn-RequestId", requestId);
        if (corsExposed != null) {
            response.headers()
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                    .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, corsExposed);
        }
        if (!http2) {
            response.headers()
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(response);
        send(EventStream.event("initial-response", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        ctx.flush();
        subscription.onData(this::wake);
        ctx.channel().closeFuture().addListener(f -> release());
        heartbeat = ctx.executor()
                .scheduleAtFixedRate(this::heartbeat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS / 2, TimeUnit.MILLISECONDS);
        expiry = ctx.executor().schedule(() -> finish(null), lifetimeMillis, TimeUnit.MILLISECONDS);
        pump(false);
    }

    /** From any thread: there may be something new to send. Coalesces bursts of commits. */
    private void wake() {
        if (wakeScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(() -> {
                wakeScheduled.set(false);
                pump(false);
            });
        }
    }

    /** The channel became writable again. */
    void writable() {
        pump(false);
    }

    private void heartbeat() {
        if (System.nanoTime() - lastSentNanos >= TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS)) {
            pump(true);
        }
    }

    private void pump(boolean heartbeatDue) {
        if (finished || !ctx.channel().isActive()) {
            return;
        }
        if (subscription.ending()) {
            finish(null);
            return;
        }
        if (subscription.superseded()) {
            finish(EventStream.exception(
                    "ResourceInUseException",
                    "Another subscription of this consumer to shard " + subscription.shardId()
                            + " took over this one."));
            return;
        }
        boolean wrote = false;
        try {
            while (ctx.channel().isWritable()) {
                long pause = subscription.pauseMillis();
                if (pause > 0) {
                    resumeIn(pause); // the consumer had its 2 MiB/s: the rest waits in the shard
                    break;
                }
                ShardSubscription.Event event = subscription.next(MAX_EVENT_RECORDS, MAX_EVENT_BYTES);
                if (event.records().isEmpty() && !event.ended() && !heartbeatDue) {
                    break;
                }
                send(EventStream.event("SubscribeToShardEvent", encode(event)));
                subscription.sent(event);
                wrote = true;
                heartbeatDue = false;
                if (event.ended()) {
                    ctx.flush();
                    finish(null);
                    return;
                }
                if (event.records().isEmpty()) {
                    break;
                }
            }
        } catch (KinesisException e) {
            finish(EventStream.exception(e.code().wireName(), e.getMessage()));
            return;
        } catch (RuntimeException e) {
            LOG.error("subscription to {} failed", subscription.shardId(), e);
            finish(EventStream.exception("InternalFailureException", "Internal service failure."));
            return;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void resumeIn(long millis) {
        if (!resumeScheduled) {
            resumeScheduled = true;
            ctx.executor()
                    .schedule(
                            () -> {
                                resumeScheduled = false;
                                pump(false);
                            },
                            millis,
                            TimeUnit.MILLISECONDS);
        }
    }

    private void send(byte[] message) {
        ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(message)));
        lastSentNanos = System.nanoTime();
    }

    private static byte[] encode(ShardSubscription.Event event) {
        List<Object> records = new ArrayList<>(event.records().size());
        for (RecordReader.Record r : event.records()) {
            StoredRecord s = r.stored();
            records.add(Out.of()
                    .put("SequenceNumber", r.sequenceNumber())
                    .put("ApproximateArrivalTimestamp", Instant.ofEpochMilli(s.arrivalMillis()))
                    .put("Data", new ByteSlice(r.dataArray(), r.dataOffset(), r.dataLength()))
                    .put("PartitionKey", s.partitionKey())
                    .put("EncryptionType", r.encrypted() ? "KMS" : null)
                    .map());
        }
        Map<String, Object> body = Out.of()
                .put("Records", records)
                .put("ContinuationSequenceNumber", event.continuationSequenceNumber())
                .put("MillisBehindLatest", event.millisBehindLatest())
                .put("ChildShards", event.ended() ? Views.childShards(event.children()) : null)
                .map();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + records.size() * 64);
        ResponseEncoder.encode(EVENT, body, Encoding.JSON, out);
        return out.toByteArray();
    }

    /** Ends the stream: an optional exception event, then the end of the response. */
    private void finish(byte[] exception) {
        if (finished) {
            return;
        }
        finished = true;
        release();
        if (ctx.channel().isActive()) {
            if (exception != null) {
                send(exception);
            }
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        onDone.run();
    }

    private void release() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (expiry != null) {
            expiry.cancel(false);
        }
        subscription.close();
    }

    boolean finished() {
        return finished;
    }
}
