package dev.eddy.server.config;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration key: its name in the config file, its environment variable and flag, its
 * type (a parser that also validates), default and description. {@link Settings} lists them all;
 * that list is the single truth for the file, the environment, the flags and {@code --help}.
 */
public final class Setting<T> {
    private final String key;
    private final String type;
    private final T defaultValue;
    private final String description;
    private final Function<String, T> parser;

    Setting(String key, String type, T defaultValue, String description, Function<String, T> parser) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
    }

    /** The key in the YAML config file, e.g. {@code data-dir}. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code EDDY_DATA_DIR}. */
    public String env() {
        return "EDDY_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The command-line flag, e.g. {@code --data-dir}. */
    public String flag() {
        return "--" + key;
    }

    public String type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean isBoolean() {
        return type.equals("boolean");
    }

    /** Parses and validates a value from any source; the message names the problem. */
    public T parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    static Setting<Integer> integer(String key, int def, int min, int max, String description) {
        return new Setting<>(key, "integer", def, description, s -> {
            int v;
            try {
                v = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a whole number");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException(v + " is outside " + min + ".." + max);
            }
            return v;
        });
    }

    static Setting<String> string(String key, String def, String pattern, String description) {
        return new Setting<>(key, "string", def, description, s -> {
            if (pattern != null && !s.matches(pattern)) {
                throw new IllegalArgumentException("'" + s + "' does not match " + pattern);
            }
            return s;
        });
    }

    static Setting<String> choice(String key, String def, List<String> choices, String description) {
        return new Setting<>(key, String.join("|", choices), def, description, s -> {
            String v = s.toLowerCase(Locale.ROOT);
            if (!choices.contains(v)) {
                throw new IllegalArgumentException("'" + s + "' is not one of " + String.join(", ", choices));
            }
            return v;
        });
    }

    static Setting<Boolean> bool(String key, boolean def, String description) {
        return new Setting<>(key, "boolean", def, description, s -> {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "true":
                case "yes":
                case "on":
                case "1":
                    return true;
                case "false":
                case "no":
                case "off":
                case "0":
                    return false;
                default:
                    throw new IllegalArgumentException("'" + s + "' is not true or false");
            }
        });
    }

    static Setting<String> path(String key, String def, String description) {
        return new Setting<>(key, "path", def, description, s -> {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("a path must not be empty");
            }
            return s;
        });
    }
}
