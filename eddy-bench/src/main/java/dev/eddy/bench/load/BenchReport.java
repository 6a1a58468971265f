package dev.eddy.bench.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Turns the result lines of {@code bench/compare.sh} (one JSON object per run, as {@link
 * KinesisLoad} prints them, plus {@code scenario} and {@code run}) into {@code docs/benchmarks.md}
 * and a bar chart. For every scenario and server it takes the median of the runs' headline figure;
 * a run whose records could not all be read back, or that failed, is shown as such and left out of
 * the median.
 *
 * <p>Usage: {@code BenchReport results.jsonl out.md out.png durability "java version line"}
 */
public final class BenchReport {
    /** A scenario's headline figure: which field, how to name it, and whether more is better. */
    private record Metric(String field, String label, boolean higherIsBetter, String target) {}

    private static final Map<String, String> SCENARIO_TITLES = new LinkedHashMap<>();
    private static final Map<String, String> CHART_TITLES = new LinkedHashMap<>();
    private static final Map<String, List<Metric>> METRICS = new LinkedHashMap<>();
    /** Each scenario's table: the scenarios of one API side by side, each table with the servers that ran it. */
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    private static String group = "Kinesis Data Streams";

    static {
        scenario(
                "put100",
                "PutRecords, 100 B records (JSON)",
                "PutRecords, 100 B records, 500/batch, 16 connections (JSON)",
                new Metric("recordsPerSecond", "records/s", true, "≥ 600,000"),
                new Metric("serverCpuMicrosPerRequest", "server CPU µs per call", false, ""));
        scenario(
                "put100-wrk",
                "PutRecords, 100 B records, wrk",
                "PutRecords, 100 B records, 500/batch, 32-character random keys, 8 connections, driven by wrk"
                        + " (JSON)",
                new Metric("recordsPerSecond", "records/s", true, "≥ 800,000"),
                new Metric("p99Ms", "p99 ms", false, "≤ 20"),
                new Metric("serverCpuMicrosPerRequest", "server CPU µs per call", false, ""));
        scenario(
                "put1k-json",
                "PutRecords, 1 KiB records (JSON)",
                "PutRecords, 1 KiB records, 500/batch, 16 connections (JSON)",
                new Metric("megabytesPerSecond", "MB/s", true, "≥ 150"));
        scenario(
                "put1k-cbor",
                "PutRecords, 1 KiB records (CBOR)",
                "PutRecords, 1 KiB records, 500/batch, 16 connections (CBOR)",
                new Metric("megabytesPerSecond", "MB/s", true, "≥ 250"));
        scenario(
                "put1",
                "PutRecord, 1 connection",
                "PutRecord, 100 B, 1 connection",
                new Metric("p50Ms", "p50 ms", false, "≤ 0.5"),
                new Metric("p99Ms", "p99 ms", false, "≤ 2"),
                new Metric("requestsPerSecond", "requests/s", true, ""));
        scenario(
                "put64",
                "PutRecord, 64 connections",
                "PutRecord, 100 B, 64 connections",
                new Metric("requestsPerSecond", "requests/s", true, "≥ 40,000"),
                new Metric("p99Ms", "p99 ms", false, ""),
                new Metric("serverCpuMicrosPerRequest", "server CPU µs per call", false, ""),
                new Metric("loadCpuMicrosPerRequest", "load generator CPU µs per call", false, ""));
        scenario(
                "get1k",
                "GetRecords, 1 KiB records (JSON)",
                "GetRecords, 1 KiB records, 4 readers (JSON)",
                new Metric("megabytesPerSecond", "MB/s", true, "≥ 300"));
        scenario(
                "e2e",
                "PutRecord → GetRecords polling, 100 records/s",
                "PutRecord → GetRecords polling, 100 records/s",
                new Metric("p50Ms", "p50 ms", false, ""),
                new Metric("p99Ms", "p99 ms", false, ""));
        scenario(
                "e2e-efo",
                "PutRecord → SubscribeToShard event, 100 records/s",
                "PutRecord → SubscribeToShard event, 100 records/s",
                new Metric("p50Ms", "p50 ms", false, ""),
                new Metric("p99Ms", "p99 ms", false, ""));
        group = "DynamoDB";
        scenario(
                "ddb-get1",
                "GetItem, 1 connection",
                "GetItem, 100 B item, 1 connection",
                new Metric("p50Ms", "p50 ms", false, "≤ 0.5"),
                new Metric("p99Ms", "p99 ms", false, ""));
        scenario(
                "ddb-put1",
                "PutItem, 1 connection",
                "PutItem, 100 B item, 1 connection",
                new Metric("p50Ms", "p50 ms", false, "≤ 0.5"),
                new Metric("p99Ms", "p99 ms", false, ""));
        scenario(
                "ddb-update1",
                "Conditional UpdateItem, 1 connection",
                "Conditional UpdateItem (a lease renewal), 1 connection",
                new Metric("p50Ms", "p50 ms", false, "≤ 0.5"),
                new Metric("p99Ms", "p99 ms", false, ""));
        scenario(
                "ddb-get64",
                "GetItem, 64 connections",
                "GetItem, 100 B item, 64 connections",
                new Metric("requestsPerSecond", "requests/s", true, ""),
                new Metric("p99Ms", "p99 ms", false, ""),
                new Metric("serverCpuMicrosPerRequest", "server CPU µs per call", false, ""));
        scenario(
                "ddb-put64",
                "PutItem, 64 connections",
                "PutItem, 100 B item, 64 connections",
                new Metric("requestsPerSecond", "requests/s", true, ""),
                new Metric("p99Ms", "p99 ms", false, ""),
                new Metric("serverCpuMicrosPerRequest", "server CPU µs per call", false, ""));
        scenario(
                "ddb-update64",
                "Conditional UpdateItem, 64 connections",
                "Conditional UpdateItem (a lease renewal), 64 connections",
                new Metric("requestsPerSecond", "requests/s", true, "≥ 30,000"),
                new Metric("p99Ms", "p99 ms", false, ""),
                new Metric("serverCpuMicrosPerRequest", "server CPU µs per call", false, ""));
        group = "Start-up";
        scenario(
                "startup",
                "Start-up, empty data directory",
                "Start-up to first answered request, empty data directory",
                new Metric("startupMs", "ms", false, "≤ 500"));
    }

    /** A scenario: its title in the table, a shorter one over its chart panel, its figures. */
    private static void scenario(String name, String chartTitle, String title, Metric... metrics) {
        CHART_TITLES.put(name, chartTitle);
        SCENARIO_TITLES.put(name, title);
        METRICS.put(name, List.of(metrics));
        GROUPS.put(name, group);
    }

    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: BenchReport results.jsonl out.md out.png durability java-version-line");
            System.exit(2);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) {
                rows.add(FlatJson.parse(line));
            }
        }
        Results results = new Results(rows);
        Files.writeString(Path.of(args[1]), markdown(results, args[2], args[3], args[4]));
        ImageIO.write(chart(results), "png", Path.of(args[2]).toFile());
    }

    /** The runs grouped by scenario and server, in the order they first appear. */
    static final class Results {
        final Set<String> scenarios = new LinkedHashSet<>();
        final Set<String> targets = new LinkedHashSet<>();
        final Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();

        final List<Map<String, Object>> rows;

        Results(List<Map<String, Object>> rows) {
            this.rows = rows;
            for (Map<String, Object> row : rows) {
                String scenario = String.valueOf(row.get("scenario"));
                String target = String.valueOf(row.get("target"));
                scenarios.add(scenario);
                targets.add(target);
                runs.computeIfAbsent(scenario + "/" + target, k -> new ArrayList<>())
                        .add(row);
            }
        }

        /** The scenarios this report knows, in its own order. */
        List<String> ordered() {
            return METRICS.keySet().stream().filter(scenarios::contains).toList();
        }

        /** The groups of scenarios in these results, in the report's order. */
        List<String> groups() {
            return ordered().stream().map(GROUPS::get).distinct().toList();
        }

        /** The servers that ran any scenario of the group, Eddy first. */
        List<String> targets(String group) {
            return targets.stream()
                    .filter(t -> ordered().stream()
                            .filter(s -> GROUPS.get(s).equals(group))
                            .anyMatch(s -> !of(s, t).isEmpty()))
                    .sorted((a, b) -> Boolean.compare(!a.equals("eddy"), !b.equals("eddy")))
                    .toList();
        }

        List<Map<String, Object>> of(String scenario, String target) {
            return runs.getOrDefault(scenario + "/" + target, List.of());
        }

        /** The median of the field over the good runs, or NaN when there are none. */
        double median(String scenario, String target, String field) {
            List<Double> values = new ArrayList<>();
            for (Map<String, Object> run : of(scenario, target)) {
                if (good(run) && run.get(field) instanceof Number n) {
                    values.add(n.doubleValue());
                }
            }
            if (values.isEmpty()) {
                return Double.NaN;
            }
            values.sort(null);
            int n = values.size();
            return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        }

        int goodRuns(String scenario, String target) {
            return (int) of(scenario, target).stream().filter(Results::good).count();
        }

        static boolean good(Map<String, Object> run) {
            return !Boolean.TRUE.equals(run.get("failed")) && !Boolean.FALSE.equals(run.get("verified"));
        }
    }

    static String markdown(Results r, String png, String durability, String javaVersion) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks: Eddy against kinesalite, kinesis-mock and dynalite\n\n");
        md.append("Produced by `bench/compare.sh`; every figure is the median of the runs shown in brackets, each on a"
                + " fresh server, with the load generator (`dev.eddy.bench.load.KinesisLoad`, for DynamoDB"
                + " `dev.eddy.bench.load.DynamoLoad`; for the wrk scenario, wrk with the canned bodies of"
                + " `bench/wrk/make-bodies.py` and `bench/wrk/put-records.lua`) on the same machine."
                + " Raw results: [benchmarks.jsonl](benchmarks.jsonl).\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Date | ").append(LocalDate.now(ZoneOffset.UTC)).append(" |\n");
        md.append("| Machine | ").append(machine()).append(" |\n");
        md.append("| JDK | ").append(javaVersion).append(" |\n");
        r.rows.stream()
                .filter(row -> row.get("warmup") instanceof Number && row.get("seconds") instanceof Number)
                .findFirst()
                .ifPresent(row -> md.append("| Each run | ")
                        .append(row.get("warmup"))
                        .append(" s warm-up, then ")
                        .append(row.get("seconds"))
                        .append(" s measured; put workloads drive their connections from one selector thread per"
                                + " core |\n"));
        md.append("| Eddy durability | `")
                .append(durability)
                .append("`")
                .append(durability.equals("fsync") ? " (a put is acknowledged after its bytes are fdatasync'd)" : "")
                .append(" |\n");
        md.append("| kinesalite / kinesis-mock / dynalite | in memory (kinesalite and dynalite: LevelDB in memory;"
                + " kinesis-mock: no persistence) |\n\n");
        md.append("![throughput and latency by server](")
                .append(Path.of(png).getFileName())
                .append(")\n\n");

        for (String group : r.groups()) {
            List<String> others =
                    r.targets(group).stream().filter(t -> !t.equals("eddy")).toList();
            md.append("## ").append(group).append("\n\n");
            md.append("| Scenario | Figure | Target | Eddy |");
            others.forEach(t -> md.append(' ').append(t).append(" |"));
            others.forEach(t -> md.append(" Eddy vs ").append(t).append(" |"));
            md.append("\n|---|---|---|---|");
            others.forEach(t -> md.append("---|"));
            others.forEach(t -> md.append("---|"));
            md.append('\n');
            for (String scenario : r.ordered()) {
                if (!GROUPS.get(scenario).equals(group)) {
                    continue;
                }
                for (Metric m : METRICS.getOrDefault(scenario, List.of())) {
                    if (r.targets.stream()
                            .flatMap(t -> r.of(scenario, t).stream())
                            .noneMatch(run -> run.containsKey(m.field()))) {
                        continue; // not measured in these results
                    }
                    md.append("| ")
                            .append(SCENARIO_TITLES.get(scenario))
                            .append(" | ")
                            .append(m.label())
                            .append(" | ")
                            .append(m.target())
                            .append(" | ")
                            .append(cell(r, scenario, "eddy", m))
                            .append(" |");
                    for (String t : others) {
                        md.append(' ').append(cell(r, scenario, t, m)).append(" |");
                    }
                    double eddy = r.median(scenario, "eddy", m.field());
                    for (String t : others) {
                        double other = r.median(scenario, t, m.field());
                        md.append(' ')
                                .append(ratio(eddy, other, m.higherIsBetter()))
                                .append(" |");
                    }
                    md.append('\n');
                }
            }
            md.append('\n');
        }
        md.append("\"Eddy vs X\" is how many times better Eddy's figure is (higher throughput or lower latency);"
                + " a run whose accepted records could not all be read back counts as failed and is left out.");
        if (r.rows.stream().anyMatch(row -> row.containsKey("serverCpuMicrosPerRequest"))) {
            md.append(" CPU µs per call: the process's CPU time (all threads, user and system, from /proc) in the"
                    + " measured time over the calls answered in it; server and load generator share the machine's"
                    + " cores, so what one spends the other cannot.");
        }
        md.append('\n');
        List<String> failures = new ArrayList<>();
        for (String scenario : r.ordered()) {
            for (String t : r.targets) {
                for (Map<String, Object> run : r.of(scenario, t)) {
                    if (!Results.good(run)) {
                        Object why = run.containsKey("error") ? run.get("error") : run.get("lastError");
                        String line = "- " + t + ", " + SCENARIO_TITLES.get(scenario) + ": "
                                + (Boolean.FALSE.equals(run.get("verified"))
                                        ? "accepted records missing on read-back"
                                        : "the load generator could not run it")
                                + (why == null || why.toString().isBlank()
                                        ? ""
                                        : " (" + why.toString().strip() + ")");
                        if (!failures.contains(line)) {
                            failures.add(line);
                        }
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            md.append("\nFailed runs:\n\n");
            failures.forEach(f -> md.append(f).append('\n'));
        }
        return md.toString();
    }

    private static String cell(Results r, String scenario, String target, Metric m) {
        List<Map<String, Object>> runs = r.of(scenario, target);
        if (runs.isEmpty()) {
            return "–";
        }
        int good = r.goodRuns(scenario, target);
        double v = r.median(scenario, target, m.field());
        if (good > 0 && runs.stream().noneMatch(run -> run.containsKey(m.field()))) {
            return "–"; // not measured (results from before the field existed)
        }
        if (good == 0 || Double.isNaN(v)) {
            return "failed";
        }
        return format(v) + " (" + good + (good < runs.size() ? " of " + runs.size() : "") + ")";
    }

    private static String ratio(double eddy, double other, boolean higherIsBetter) {
        if (Double.isNaN(eddy) || Double.isNaN(other) || eddy <= 0 || other <= 0) {
            return "–";
        }
        double x = higherIsBetter ? eddy / other : other / eddy;
        return String.format(Locale.ROOT, x >= 10 ? "%.0f×" : "%.1f×", x);
    }

    static String format(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it unknown
        }
        long memory = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memory = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // as above
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + memory + " GiB memory, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    // ---- chart: one panel per scenario's first figure, a bar per server, each panel on its own scale

    private static final Color[] COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd)
    };

    static BufferedImage chart(Results r) {
        List<String> scenarios = r.ordered();
        int most = r.groups().stream().mapToInt(g -> r.targets(g).size()).max().orElse(1);
        int columns = 2;
        int rows = Math.max(1, (scenarios.size() + columns - 1) / columns);
        int panelW = 560;
        int barH = 26;
        int panelH = 72 + most * (barH + 8);
        BufferedImage img = new BufferedImage(columns * panelW, rows * panelH + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        Font title = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        Font body = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        for (int i = 0; i < scenarios.size(); i++) {
            String scenario = scenarios.get(i);
            List<String> targets = r.targets(GROUPS.get(scenario));
            Metric m = METRICS.get(scenario).get(0);
            int x0 = (i % columns) * panelW + 16;
            int y0 = (i / columns) * panelH + 16;
            g.setColor(Color.BLACK);
            g.setFont(title);
            g.drawString(CHART_TITLES.get(scenario), x0, y0 + 12);
            g.setFont(body);
            g.drawString(m.label() + (m.higherIsBetter() ? ", higher is better" : ", lower is better"), x0, y0 + 28);
            double max = 0;
            for (String t : targets) {
                double v = r.median(scenario, t, m.field());
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
            int labelW = 100;
            int barMax = panelW - labelW - 130;
            g.setFont(body);
            for (int j = 0; j < targets.size(); j++) {
                String t = targets.get(j);
                int y = y0 + 40 + j * (barH + 8);
                g.setColor(Color.DARK_GRAY);
                g.drawString(t, x0, y + barH / 2 + 5);
                double v = r.median(scenario, t, m.field());
                String text;
                int w = 0;
                if (r.of(scenario, t).isEmpty()) {
                    text = "not run";
                } else if (Double.isNaN(v)) {
                    text = "failed";
                } else {
                    w = max > 0 ? (int) Math.max(2, Math.round(v / max * barMax)) : 2;
                    text = format(v);
                }
                g.setColor(COLOURS[new ArrayList<>(r.targets).indexOf(t) % COLOURS.length]);
                g.fillRect(x0 + labelW, y, w, barH);
                g.setColor(Color.BLACK);
                g.drawString(text, x0 + labelW + w + 6, y + barH / 2 + 5);
            }
            g.setColor(new Color(0xdddddd));
            g.setStroke(new BasicStroke(1));
            g.drawRect(x0 - 8, y0 - 6, panelW - 16, panelH - 12);
        }
        g.dispose();
        return img;
    }

    /** Just enough JSON for the flat objects the load generator prints: strings, numbers, booleans. */
    static final class FlatJson {
        private final String s;
        private int i;

        private FlatJson(String s) {
            this.s = s;
        }

        static Map<String, Object> parse(String line) {
            FlatJson p = new FlatJson(line.trim());
            Map<String, Object> out = new LinkedHashMap<>();
            p.expect('{');
            p.skipSpace();
            if (p.peek() == '}') {
                return out;
            }
            while (true) {
                p.skipSpace();
                String key = p.string();
                p.skipSpace();
                p.expect(':');
                p.skipSpace();
                out.put(key, p.value());
                p.skipSpace();
                if (p.peek() == ',') {
                    p.i++;
                    continue;
                }
                p.expect('}');
                return out;
            }
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && ",}".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String token = s.substring(start, i).trim();
            return switch (token) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> Double.valueOf(token);
            };
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    sb.append(
                            switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                case 'u' -> {
                                    char u = (char) Integer.parseInt(s.substring(i, i + 4), 16);
                                    i += 4;
                                    yield u;
                                }
                                default -> e;
                            });
                } else {
                    sb.append(c);
                }
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of JSON: " + s);
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i + " in " + s);
            }
            i++;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
