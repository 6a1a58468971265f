package dev.eddy.server;

import dev.eddy.engine.StreamMetrics;
import dev.eddy.protocol.codec.Encoding;
import dev.eddy.server.api.Dispatcher;
import dev.eddy.server.transport.ConnectionStats;
import dev.eddy.storage.StoreStats;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@code /metrics} in the Prometheus text format: the Kinesis CloudWatch metrics per
 * stream of every account the server holds ({@code kinesis_<Name>} with dots as underscores,
 * labelled by account and stream, and by shard for the shard-level metrics a stream enabled),
 * then the store's (summed over the accounts' logs), the transport's and the JVM's.
 */
final class PrometheusMetrics {
    private final java.util.function.Supplier<List<Tenant>> tenants;
    private final ConnectionStats connections;
    private final Dispatcher dispatcher;

    PrometheusMetrics(
            java.util.function.Supplier<List<Tenant>> tenants, ConnectionStats connections, Dispatcher dispatcher) {
        this.tenants = tenants;
        this.connections = connections;
        this.dispatcher = dispatcher;
    }

    String render() {
        StringBuilder out = new StringBuilder(8192);
        List<Tenant> accounts = tenants.get();
        // "account/stream" → scope, so that the series of one metric come out together, sorted
        Map<String, StreamMetrics.Scope> all = new java.util.TreeMap<>();
        for (Tenant t : accounts) {
            t.engine().metrics().streams().forEach((stream, scope) -> all.put(t.accountId() + "/" + stream, scope));
        }
        java.util.SortedSet<String> counters = new java.util.TreeSet<>();
        java.util.SortedSet<String> gauges = new java.util.TreeSet<>();
        all.values().forEach(s -> {
            counters.addAll(s.counters().keySet());
            gauges.addAll(s.gauges().keySet());
        });
        for (String metric : counters) {
            if (metric.endsWith(".Latency.count")) {
                continue;
            }
            if (metric.endsWith(".Latency.sum")) {
                String op = metric.substring(0, metric.length() - ".Latency.sum".length());
                String name = "kinesis_" + op + "_Latency_milliseconds";
                header(out, name, "summary", "Kinesis " + op + ".Latency");
                for (Map.Entry<String, StreamMetrics.Scope> e : all.entrySet()) {
                    Long micros = e.getValue().counters().get(metric);
                    Long count = e.getValue().counters().get(op + ".Latency.count");
                    if (micros != null && count != null) {
                        sample(
                                out,
                                name + "_sum",
                                e.getKey(),
                                null,
                                String.format(Locale.ROOT, "%.3f", micros / 1000.0));
                        sample(out, name + "_count", e.getKey(), null, Long.toString(count));
                    }
                }
                continue;
            }
            String name = "kinesis_" + metric.replace('.', '_');
            header(out, name, "counter", "Kinesis " + metric);
            for (Map.Entry<String, StreamMetrics.Scope> e : all.entrySet()) {
                Long v = e.getValue().counters().get(metric);
                if (v != null) {
                    sample(out, name, e.getKey(), null, Long.toString(v));
                }
                for (Map.Entry<String, StreamMetrics.Scope> shard :
                        e.getValue().shards().entrySet()) {
                    Long sv = shard.getValue().counters().get(metric);
                    if (sv != null) {
                        sample(out, name, e.getKey(), shard.getKey(), Long.toString(sv));
                    }
                }
            }
        }
        for (String metric : gauges) {
            String name = "kinesis_" + metric.replace('.', '_');
            header(out, name, "gauge", "Kinesis " + metric + " (last value)");
            for (Map.Entry<String, StreamMetrics.Scope> e : all.entrySet()) {
                Long v = e.getValue().gauges().get(metric);
                if (v != null) {
                    sample(out, name, e.getKey(), null, Long.toString(v));
                }
                for (Map.Entry<String, StreamMetrics.Scope> shard :
                        e.getValue().shards().entrySet()) {
                    Long sv = shard.getValue().gauges().get(metric);
                    if (sv != null) {
                        sample(out, name, e.getKey(), shard.getKey(), Long.toString(sv));
                    }
                }
            }
        }

        StoreStats s = accounts.stream()
                .map(t -> t.engine().store().stats())
                .reduce(StoreStats::plus)
                .orElseThrow();
        plain(
                out,
                "eddy_storage_appended_records_total",
                "counter",
                "records appended to the store",
                s.appendedRecords());
        plain(
                out,
                "eddy_storage_appended_bytes_total",
                "counter",
                "bytes of keys and data appended",
                s.appendedBytes());
        plain(out, "eddy_storage_writes_total", "counter", "write calls to the log", s.writes());
        plain(out, "eddy_storage_syncs_total", "counter", "fdatasync calls (one per group commit)", s.syncs());
        plain(out, "eddy_storage_sync_seconds_total", "counter", "time spent in fdatasync", s.syncNanos() / 1e9);
        plain(out, "eddy_storage_segments", "gauge", "segment files of the log", s.segments());
        plain(
                out,
                "eddy_storage_disk_bytes",
                "gauge",
                "bytes of records in the log's segments on disk, the active one included",
                s.diskBytes());

        plain(out, "eddy_connections_open", "gauge", "open client connections", connections.open());
        plain(out, "eddy_connections_total", "counter", "client connections accepted", connections.opened());
        plain(
                out,
                "eddy_connections_http1_total",
                "counter",
                "connections that spoke HTTP/1.1",
                connections.http1Connections());
        plain(
                out,
                "eddy_connections_http2_total",
                "counter",
                "connections that spoke HTTP/2",
                connections.http2Connections());
        plain(out, "eddy_connections_tls_total", "counter", "connections that used TLS", connections.tlsConnections());
        header(
                out,
                "eddy_connections_server_closed_total",
                "counter",
                "connections the server ended or refused (HTTP/2 streams, for body_timeout), by reason");
        connections
                .serverCloses()
                .forEach((reason, n) -> out.append("eddy_connections_server_closed_total{reason=\"")
                        .append(reason)
                        .append("\"} ")
                        .append(n)
                        .append('\n'));
        header(out, "eddy_requests_total", "counter", "Kinesis requests by body encoding");
        for (Encoding e : Encoding.values()) {
            out.append("eddy_requests_total{encoding=\"")
                    .append(e.name().toLowerCase(Locale.ROOT))
                    .append("\"} ")
                    .append(dispatcher.requests(e))
                    .append('\n');
        }

        header(out, "eddy_service_requests_total", "counter", "requests by service and protocol");
        dispatcher.requestCounts().forEach((key, n) -> {
            int slash = key.indexOf('/');
            out.append("eddy_service_requests_total{service=\"")
                    .append(key, 0, slash)
                    .append("\",protocol=\"")
                    .append(key.substring(slash + 1).toLowerCase(Locale.ROOT))
                    .append("\"} ")
                    .append(n)
                    .append('\n');
        });
        services(out, accounts);

        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        header(out, "jvm_memory_used_bytes", "gauge", "JVM memory in use");
        out.append("jvm_memory_used_bytes{area=\"heap\"} ")
                .append(heap.getUsed())
                .append('\n');
        out.append("jvm_memory_used_bytes{area=\"nonheap\"} ")
                .append(nonHeap.getUsed())
                .append('\n');
        plain(out, "jvm_memory_max_bytes", "gauge", "largest heap the JVM may use", heap.getMax());
        header(out, "jvm_gc_collections_total", "counter", "garbage collections");
        header(out, "jvm_gc_collection_seconds_total", "counter", "time spent collecting garbage");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String label = "{gc=\"" + escape(gc.getName()) + "\"} ";
            out.append("jvm_gc_collections_total")
                    .append(label)
                    .append(gc.getCollectionCount())
                    .append('\n');
            out.append("jvm_gc_collection_seconds_total")
                    .append(label)
                    .append(gc.getCollectionTime() / 1000.0)
                    .append('\n');
        }
        plain(
                out,
                "jvm_threads",
                "gauge",
                "live JVM threads",
                ManagementFactory.getThreadMXBean().getThreadCount());
        plain(
                out,
                "process_uptime_seconds",
                "gauge",
                "time since the JVM started",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        return out.toString();
    }

    /** What the services add, each series' header once, labelled with the account. */
    private static void services(StringBuilder out, List<Tenant> accounts) {
        java.util.Map<String, List<String>> byName = new java.util.LinkedHashMap<>();
        java.util.Map<String, String[]> headers = new java.util.HashMap<>();
        for (Tenant t : accounts) {
            for (dev.eddy.service.Service service : t.services().values()) {
                for (dev.eddy.service.MetricSample m : service.prometheus()) {
                    headers.putIfAbsent(m.name(), new String[] {m.type(), m.help()});
                    StringBuilder line =
                            new StringBuilder(m.name()).append("{account=\"").append(t.accountId());
                    m.labels()
                            .forEach((k, v) ->
                                    line.append("\",").append(k).append("=\"").append(escape(v)));
                    line.append("\"} ").append(m.value());
                    byName.computeIfAbsent(m.name(), k -> new java.util.ArrayList<>())
                            .add(line.toString());
                }
            }
        }
        byName.forEach((name, lines) -> {
            header(out, name, headers.get(name)[0], headers.get(name)[1]);
            lines.forEach(l -> out.append(l).append('\n'));
        });
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void plain(StringBuilder out, String name, String type, String help, Number value) {
        header(out, name, type, help);
        out.append(name).append(' ').append(value).append('\n');
    }

    /** One series; {@code accountStream} is "account/stream" (stream names have no '/'). */
    private static void sample(StringBuilder out, String name, String accountStream, String shard, String value) {
        int slash = accountStream.indexOf('/');
        out.append(name)
                .append("{account=\"")
                .append(accountStream, 0, slash)
                .append("\",stream=\"")
                .append(escape(accountStream.substring(slash + 1)))
                .append('"');
        if (shard != null) {
            out.append(",shard=\"").append(escape(shard)).append('"');
        }
        out.append("} ").append(value).append('\n');
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
