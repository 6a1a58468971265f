package dev.eddy.engine.kms;

import dev.eddy.engine.ErrorCode;
import dev.eddy.engine.KinesisException;
import dev.eddy.storage.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The server's built-in key management: symmetric master keys with ids, ARNs and aliases, enabled
 * or disabled, kept in {@code <data>/kms/keys} (or in memory). {@code alias/aws/kinesis}, the key
 * Kinesis uses when a stream names no key of its own, always exists. Master keys never leave this
 * class except to wrap and unwrap data keys ({@link RecordCipher}); like any local KMS the key
 * file is only as safe as the data directory's permissions (it is written owner-only).
 *
 * <p>Thread-safe: reads are lock-free, changes are serialised and written before they show.
 */
public final class KeyStore {
    public static final String DEFAULT_ALIAS = "alias/aws/kinesis";
    private static final String FILE = "keys";
    private static final int MAGIC = 0x454B4D53; // "EKMS"

    /** A master key as KMS describes it; {@code material} is the 256-bit AES key. */
    public record MasterKey(
            String id, String arn, String description, boolean enabled, long createdMillis, byte[] material) {}

    private final Path dir;
    private final String region;
    private final String account;
    private final SecureRandom random = new SecureRandom();
    private volatile Map<String, MasterKey> keys = Map.of();
    private volatile Map<String, String> aliases = Map.of(); // alias name -> key id

    private KeyStore(Path dir, String region, String account) {
        this.dir = dir;
        this.region = region;
        this.account = account;
    }

    /** The store in {@code dataDir/kms}, made with its default key on first use. */
    public static KeyStore open(Path dataDir, String region, String account, long nowMillis) {
        KeyStore s = new KeyStore(dataDir.resolve("kms"), region, account);
        try {
            s.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key store in " + s.dir + ": " + e.getMessage(), e);
        }
        s.ensureDefault(nowMillis);
        return s;
    }

    public static KeyStore inMemory(String region, String account, long nowMillis) {
        KeyStore s = new KeyStore(null, region, account);
        s.ensureDefault(nowMillis);
        return s;
    }

    private synchronized void ensureDefault(long nowMillis) {
        if (!aliases.containsKey(DEFAULT_ALIAS)) {
            add("Default key that protects my Kinesis data when no other key is defined", DEFAULT_ALIAS, nowMillis);
        }
    }

    private MasterKey newKey(String description, long nowMillis) {
        byte[] material = new byte[32];
        random.nextBytes(material);
        String id = UUID.randomUUID().toString();
        return new MasterKey(id, keyArn(id), description, true, nowMillis, material);
    }

    /** The account whose keys these are. */
    public String account() {
        return account;
    }

    public String keyArn(String id) {
        return "arn:aws:kms:" + region + ":" + account + ":key/" + id;
    }

    public String aliasArn(String alias) {
        return "arn:aws:kms:" + region + ":" + account + ":" + alias;
    }

    /** A new enabled key, with an alias if one is given. */
    public synchronized MasterKey create(String description, String alias, long nowMillis) {
        if (alias != null) {
            checkNewAlias(alias);
        }
        return add(description == null ? "" : description, alias, nowMillis);
    }

    /** Makes and keeps a new enabled key, under {@code alias} if not null (checked by the caller). */
    private MasterKey add(String description, String alias, long nowMillis) {
        MasterKey k = newKey(description, nowMillis);
        Map<String, MasterKey> nextKeys = new LinkedHashMap<>(keys);
        nextKeys.put(k.id(), k);
        Map<String, String> nextAliases = new LinkedHashMap<>(aliases);
        if (alias != null) {
            nextAliases.put(alias, k.id());
        }
        publish(nextKeys, nextAliases);
        return k;
    }

    /** Points a new alias at an existing key. */
    public synchronized void createAlias(String alias, String keyIdOrArn) {
        checkNewAlias(alias);
        MasterKey k = find(keyIdOrArn).orElseThrow(() -> notFound(keyIdOrArn));
        Map<String, String> nextAliases = new LinkedHashMap<>(aliases);
        nextAliases.put(alias, k.id());
        publish(keys, nextAliases);
    }

    private void checkNewAlias(String alias) {
        if (!alias.matches("alias/[a-zA-Z0-9/_-]{1,250}") || alias.startsWith("alias/aws/")) {
            throw new KinesisException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Alias must start with 'alias/', use letters, digits, '/', '_' and '-', and not start with"
                            + " 'alias/aws/': " + alias);
        }
        if (aliases.containsKey(alias)) {
            throw new KinesisException(
                    ErrorCode.RESOURCE_IN_USE, "An alias with the name " + aliasArn(alias) + " already exists");
        }
    }

    public synchronized MasterKey setEnabled(String keyIdOrArn, boolean enabled) {
        MasterKey k = find(keyIdOrArn).orElseThrow(() -> notFound(keyIdOrArn));
        MasterKey changed = new MasterKey(k.id(), k.arn(), k.description(), enabled, k.createdMillis(), k.material());
        Map<String, MasterKey> nextKeys = new LinkedHashMap<>(keys);
        nextKeys.put(k.id(), changed);
        publish(nextKeys, aliases);
        return changed;
    }

    /** Keys in creation order. */
    public List<MasterKey> keys() {
        return new ArrayList<>(keys.values());
    }

    /** Alias name to key id, in creation order. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** The key named by id, key ARN, alias or alias ARN, whatever its state. */
    public Optional<MasterKey> find(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        String r = ref;
        String prefix = "arn:aws:kms:" + region + ":" + account + ":";
        if (r.startsWith(prefix)) {
            r = r.substring(prefix.length());
        } else if (r.startsWith("arn:")) {
            return Optional.empty(); // another region or account: not this store's
        }
        if (r.startsWith("alias/")) {
            String id = aliases.get(r);
            return id == null ? Optional.empty() : Optional.ofNullable(keys.get(id));
        }
        if (r.startsWith("key/")) {
            r = r.substring(4);
        }
        return Optional.ofNullable(keys.get(r));
    }

    /** The key {@code ref} names if it may encrypt and decrypt; KMSNotFound or KMSDisabled otherwise. */
    public MasterKey usable(String ref) {
        MasterKey k = find(ref).orElseThrow(() -> notFound(ref));
        if (!k.enabled()) {
            throw new KinesisException(ErrorCode.KMS_DISABLED, k.arn() + " is disabled.");
        }
        return k;
    }

    /** KMSNotFoundException for a key id, key ARN, alias or alias ARN, in KMS's words. */
    public KinesisException notFound(String ref) {
        String r = ref == null ? "" : ref;
        if (r.startsWith("alias/") || r.contains(":alias/")) {
            return new KinesisException(
                    ErrorCode.KMS_NOT_FOUND, "Alias " + (r.startsWith("arn:") ? r : aliasArn(r)) + " is not found.");
        }
        String id = r.startsWith("arn:") ? r : keyArn(r.startsWith("key/") ? r.substring(4) : r);
        return new KinesisException(ErrorCode.KMS_NOT_FOUND, "Key '" + id + "' does not exist");
    }

    // ---- persistence

    private void publish(Map<String, MasterKey> nextKeys, Map<String, String> nextAliases) {
        if (dir != null) {
            try {
                write(nextKeys, nextAliases);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the key store in " + dir + ": " + e.getMessage(), e);
            }
        }
        keys = Collections.unmodifiableMap(new LinkedHashMap<>(nextKeys));
        aliases = Collections.unmodifiableMap(new LinkedHashMap<>(nextAliases));
    }

    private void write(Map<String, MasterKey> k, Map<String, String> a) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(1);
            out.writeInt(k.size());
            for (MasterKey m : k.values()) {
                out.writeUTF(m.id());
                out.writeUTF(m.description());
                out.writeBoolean(m.enabled());
                out.writeLong(m.createdMillis());
                out.write(m.material());
            }
            out.writeInt(a.size());
            for (Map.Entry<String, String> e : a.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
        }
        AtomicFiles.write(dir, FILE, bytes.toByteArray());
    }

    private void load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return;
        }
        Map<String, MasterKey> k = new LinkedHashMap<>();
        Map<String, String> a = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != 1) {
                throw new IOException("not a key store file (or a newer version): " + dir.resolve(FILE));
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                String description = in.readUTF();
                boolean enabled = in.readBoolean();
                long created = in.readLong();
                byte[] material = new byte[32];
                in.readFully(material);
                k.put(id, new MasterKey(id, keyArn(id), description, enabled, created, material));
            }
            int m = in.readInt();
            for (int i = 0; i < m; i++) {
                a.put(in.readUTF(), in.readUTF());
            }
        }
        keys = Collections.unmodifiableMap(k);
        aliases = Collections.unmodifiableMap(a);
    }
}
