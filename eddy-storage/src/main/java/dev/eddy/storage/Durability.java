package dev.eddy.storage;

/** When an append is acknowledged, relative to the disk. A per-node setting. */
public enum Durability {
    /** After fdatasync; one sync covers every append queued behind it (group commit). */
    FSYNC,
    /** After the write reaches the page cache; synced every flush interval. */
    INTERVAL,
    /** After the write reaches the page cache; never synced explicitly. */
    NONE;

    public static Durability parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "fsync" -> FSYNC;
            case "interval" -> INTERVAL;
            case "none" -> NONE;
            default ->
                throw new IllegalArgumentException(
                        "durability must be one of fsync, interval, none; was '" + text + "'");
        };
    }
}
