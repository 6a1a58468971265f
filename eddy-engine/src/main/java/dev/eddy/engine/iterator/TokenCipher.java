package dev.eddy.engine.iterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the server's opaque tokens (shard iterators, NextTokens) with AES-GCM: a client can neither
 * read nor alter them, and the server keeps no state for them. The key lives in the data
 * directory so tokens stay valid across a restart. Thread-safe.
 */
public final class TokenCipher {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final String KEY_FILE = "token.key";

    private final SecretKeySpec key;
    private final int noncePrefix;
    private final AtomicLong counter;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java runtime", e);
        }
    });

    TokenCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        SecureRandom random = new SecureRandom();
        this.noncePrefix = random.nextInt();
        this.counter = new AtomicLong(random.nextLong());
    }

    public static TokenCipher random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new TokenCipher(key);
    }

    /** The cipher whose key is kept in {@code dir}, creating the key on first use. */
    public static TokenCipher open(Path dir) {
        Path file = dir.resolve(KEY_FILE);
        try {
            try {
                byte[] key = Files.readAllBytes(file);
                if (key.length == 32) {
                    return new TokenCipher(key);
                }
            } catch (NoSuchFileException e) {
                // first start
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(dir);
            dev.eddy.storage.AtomicFiles.write(dir, KEY_FILE, key);
            return new TokenCipher(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token key " + file + ": " + e.getMessage(), e);
        }
    }

    public String seal(byte[] payload) {
        byte[] nonce = ByteBuffer.allocate(NONCE)
                .putInt(noncePrefix)
                .putLong(counter.incrementAndGet())
                .array();
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = new byte[NONCE + c.getOutputSize(payload.length)];
            System.arraycopy(nonce, 0, sealed, 0, NONCE);
            c.doFinal(payload, 0, payload.length, sealed, NONCE);
            return Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a token failed", e);
        }
    }

    /** The payload of a token this server sealed, or null if the token is anything else. */
    public byte[] open(String token) {
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (sealed.length < NONCE + TAG_BITS / 8) {
            return null;
        }
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
