package dev.eddy.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Resolved settings: for each {@link Setting}, the flag if given, else the environment variable,
 * else the config file, else the default. Where each value came from is kept for the startup log.
 */
public final class Config {
    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, String> sources;

    private Config(Map<Setting<?>, Object> values, Map<Setting<?>, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    public String source(Setting<?> setting) {
        return sources.get(setting);
    }

    /** Defaults only; for tests and embedding. */
    public static Config defaults() {
        return load(List.of(), Map.of());
    }

    /**
     * Resolves settings from command-line {@code args} (flags only; anything else is an error),
     * the environment and the config file named by either.
     */
    public static Config load(List<String> args, Map<String, String> env) {
        Map<String, Setting<?>> byFlag = new HashMap<>();
        for (Setting<?> s : Settings.ALL) {
            byFlag.put(s.flag(), s);
        }
        Map<Setting<?>, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Setting<?> s = byFlag.get(arg);
            if (s == null) {
                throw new IllegalArgumentException("unknown option " + args.get(i) + " (see --help)");
            }
            if (value == null) {
                if (s.isBoolean() && (i + 1 >= args.size() || args.get(i + 1).startsWith("--"))) {
                    value = "true";
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
            }
            flags.put(s, value);
        }
        String configFile =
                flags.containsKey(Settings.CONFIG) ? flags.get(Settings.CONFIG) : env.get(Settings.CONFIG.env());
        Map<String, String> file =
                configFile == null || configFile.isBlank() ? Map.of() : readFile(Path.of(configFile));

        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Map<Setting<?>, String> sources = new LinkedHashMap<>();
        for (Setting<?> s : Settings.ALL) {
            if (flags.containsKey(s)) {
                values.put(s, s.parse(flags.get(s)));
                sources.put(s, "flag " + s.flag());
            } else if (env.containsKey(s.env())) {
                values.put(s, s.parse(env.get(s.env())));
                sources.put(s, "environment " + s.env());
            } else if (file.containsKey(s.key())) {
                values.put(s, s.parse(file.get(s.key())));
                sources.put(s, "file " + configFile);
            } else {
                values.put(s, s.defaultValue());
                sources.put(s, "default");
            }
        }
        return new Config(values, sources);
    }

    private static Map<String, String> readFile(Path file) {
        Object root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("config file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("config file " + file + " must hold a map of settings");
        }
        Map<String, String> known = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (Settings.ALL.stream().noneMatch(s -> s.key().equals(key))) {
                unknown.add(key);
            } else if (e.getValue() != null) {
                known.put(key, String.valueOf(e.getValue()));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "config file " + file + " has unknown settings: " + String.join(", ", unknown));
        }
        return known;
    }

    /** The README's configuration table (flag, environment, default, meaning), from the table. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| flag | environment | default | meaning |\n|---|---|---|---|\n");
        for (Setting<?> s : Settings.ALL) {
            String def = String.valueOf(s.defaultValue());
            b.append("| `")
                    .append(s.flag())
                    .append("` | `")
                    .append(s.env())
                    .append("` | ")
                    .append(def.isEmpty() ? "" : "`" + def + "`")
                    .append(" | ")
                    .append(s.description())
                    .append(" |\n");
        }
        return b.toString();
    }

    /** The settings part of {@code --help}, generated from the table. */
    public static String help() {
        StringBuilder b = new StringBuilder();
        for (Setting<?> s : Settings.ALL) {
            String flag = s.flag() + (s.isBoolean() ? "" : " <" + s.type() + ">");
            b.append(String.format("  %-34s %s%n", flag, s.description()));
            String def = String.valueOf(s.defaultValue());
            b.append(String.format(
                    "  %-34s env %s, file key %s%s%n", "", s.env(), s.key(), def.isEmpty() ? "" : ", default " + def));
        }
        return b.toString();
    }
}
