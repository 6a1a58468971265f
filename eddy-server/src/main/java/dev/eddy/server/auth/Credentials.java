package dev.eddy.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The access keys Eddy accepts, read from a credentials file: one key per line,
 * {@code ACCESS_KEY_ID SECRET_ACCESS_KEY [ACCOUNT_ID [SESSION_TOKEN]]}, blank lines and {@code #}
 * comments ignored. A key without an account belongs to the server's {@code --account-id}. A key
 * given a session token is temporary: requests signed with it must carry exactly that token in
 * {@code X-Amz-Security-Token}; other keys must carry none.
 */
public final class Credentials {
    /** One access key: its secret, the account it acts for and its session token, if any. */
    public record Key(String accessKeyId, String secret, String accountId, String sessionToken) {}

    private final Map<String, Key> keys;

    private Credentials(Map<String, Key> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static Credentials of(Key... keys) {
        Map<String, Key> map = new LinkedHashMap<>();
        for (Key k : keys) {
            map.put(k.accessKeyId(), k);
        }
        return new Credentials(map);
    }

    /** Reads {@code file}; a malformed line is an error naming the file and line. */
    public static Credentials read(Path file, String defaultAccountId) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Key> keys = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            String where = file + " line " + (i + 1);
            if (f.length < 2 || f.length > 4) {
                throw new IllegalArgumentException(
                        where + ": expected ACCESS_KEY_ID SECRET_ACCESS_KEY [ACCOUNT_ID [SESSION_TOKEN]]");
            }
            if (!f[0].matches("[A-Za-z0-9]{1,128}")) {
                throw new IllegalArgumentException(where + ": an access key id is letters and digits");
            }
            String account = f.length >= 3 ? f[2] : defaultAccountId;
            if (!account.matches("\\d{12}")) {
                throw new IllegalArgumentException(where + ": an account id is 12 digits, not '" + account + "'");
            }
            if (keys.put(f[0], new Key(f[0], f[1], account, f.length == 4 ? f[3] : null)) != null) {
                throw new IllegalArgumentException(where + ": access key " + f[0] + " is listed twice");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the credentials file " + file + " lists no access keys");
        }
        return new Credentials(keys);
    }

    public Optional<Key> key(String accessKeyId) {
        return Optional.ofNullable(keys.get(accessKeyId));
    }

    public int size() {
        return keys.size();
    }
}
