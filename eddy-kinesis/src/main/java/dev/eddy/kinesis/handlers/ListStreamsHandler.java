package dev.eddy.kinesis.handlers;

import dev.eddy.engine.Engine;
import dev.eddy.engine.KinesisException;
import dev.eddy.engine.StreamAdmin;
import dev.eddy.engine.stream.StreamState;
import dev.eddy.kinesis.Views;
import dev.eddy.service.Handler;
import dev.eddy.service.Input;
import dev.eddy.service.Out;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** ListStreams: names and summaries, paged by ExclusiveStartStreamName or NextToken. */
public final class ListStreamsHandler implements Handler {
    private static final int DEFAULT_LIMIT = 100;
    private final Engine engine;

    public ListStreamsHandler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Map<String, Object>> handle(Input in) {
        int limit = (int) in.number("Limit", DEFAULT_LIMIT);
        String after = in.string("ExclusiveStartStreamName");
        String token = in.string("NextToken");
        if (token != null) {
            if (after != null) {
                throw KinesisException.invalidArgument(
                        "NextToken and ExclusiveStartStreamName cannot be provided together.");
            }
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw KinesisException.invalidArgument("Invalid NextToken.");
            }
        }
        StreamAdmin.StreamPage page = engine.admin().list(after, limit);
        List<Object> names = new ArrayList<>();
        List<Object> summaries = new ArrayList<>();
        for (StreamState s : page.streams()) {
            names.add(s.name());
            summaries.add(Out.of()
                    .put("StreamName", s.name())
                    .put("StreamARN", engine.admin().arn(s.name()))
                    .put("StreamStatus", s.status().name())
                    .put("StreamModeDetails", Views.modeDetails(s))
                    .put("StreamCreationTimestamp", Views.created(s))
                    .map());
        }
        String next = page.hasMore() && !page.streams().isEmpty()
                ? Base64.getUrlEncoder()
                        .encodeToString(page.streams()
                                .get(page.streams().size() - 1)
                                .name()
                                .getBytes(StandardCharsets.UTF_8))
                : null;
        return Handler.done(Out.of()
                .put("StreamNames", names)
                .put("HasMoreStreams", page.hasMore())
                .put("NextToken", next)
                .put("StreamSummaries", summaries)
                .map());
    }
}
