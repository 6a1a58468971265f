package dev.eddy.engine.kms;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of record data, as Kinesis does with KMS: each record's data is sealed with
 * AES-256-GCM under a data key, and the data key, sealed under the stream's master key, travels
 * with it. A data key serves many records (a fresh one after 2^24 records or an hour, well inside
 * GCM's limits for random nonces), so the master key is used once per data key, not per record.
 *
 * <pre>
 *   version 1 | master key id (16, a UUID) | data key: nonce 12, sealed key 32, tag 16
 *   | nonce 12 | sealed data | tag 16                       (105 bytes beyond the data)
 * </pre>
 *
 * Decryption looks the master key up every time, so disabling a key stops reads at once (with
 * KMSDisabledException), however recently its data keys were used. Thread-safe.
 */
public final class RecordCipher {
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG = 16;
    private static final int WRAPPED = NONCE + 32 + TAG;
    static final int HEADER = 1 + 16 + WRAPPED;
    public static final int OVERHEAD = HEADER + NONCE + TAG;
    private static final long MAX_USES = 1L << 24;
    private static final long MAX_AGE_NANOS = 3_600_000_000_000L;

    private final KeyStore keys;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, DataKey> current = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, SecretKeySpec> unwrapped = new ConcurrentHashMap<>();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java runtime", e);
        }
    });

    private record DataKey(SecretKeySpec key, byte[] header, AtomicLong uses, long bornNanos) {}

    public RecordCipher(KeyStore keys) {
        this.keys = keys;
    }

    /** {@code plain} sealed under a data key of {@code master} (an enabled key). */
    public byte[] encrypt(KeyStore.MasterKey master, byte[] plain, int offset, int length) {
        DataKey dk = dataKey(master);
        byte[] out = new byte[OVERHEAD + length];
        System.arraycopy(dk.header(), 0, out, 0, HEADER);
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, HEADER, NONCE);
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, dk.key(), new GCMParameterSpec(TAG * 8, nonce));
            c.updateAAD(out, 0, HEADER);
            c.doFinal(plain, offset, length, out, HEADER + NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return out;
    }

    /** The data sealed in {@code sealed[offset, offset+length)}; KMS errors if its key cannot be used. */
    public byte[] decrypt(byte[] sealed, int offset, int length) {
        if (length < OVERHEAD || sealed[offset] != VERSION) {
            throw new IllegalStateException("an encrypted record is damaged (length " + length + ")");
        }
        ByteBuffer ids = ByteBuffer.wrap(sealed, offset + 1, 16);
        String masterId = new UUID(ids.getLong(), ids.getLong()).toString();
        KeyStore.MasterKey master = keys.usable(masterId); // disabled or gone: the KMS error
        ByteBuffer wrapped = ByteBuffer.wrap(sealed, offset + 17, WRAPPED);
        SecretKeySpec dk = unwrapped.get(wrapped);
        if (dk == null) {
            dk = unwrap(master, sealed, offset + 17);
            if (unwrapped.size() > 4096) {
                unwrapped.clear();
            }
            byte[] copy = new byte[WRAPPED];
            System.arraycopy(sealed, offset + 17, copy, 0, WRAPPED);
            unwrapped.put(ByteBuffer.wrap(copy), dk);
        }
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, dk, new GCMParameterSpec(TAG * 8, sealed, offset + HEADER, NONCE));
            c.updateAAD(sealed, offset, HEADER);
            return c.doFinal(sealed, offset + HEADER + NONCE, length - HEADER - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an encrypted record failed its integrity check", e);
        }
    }

    private DataKey dataKey(KeyStore.MasterKey master) {
        DataKey dk = current.get(master.id());
        if (dk == null
                || dk.uses().incrementAndGet() > MAX_USES
                || System.nanoTime() - dk.bornNanos() > MAX_AGE_NANOS) {
            dk = newDataKey(master);
            current.put(master.id(), dk);
        }
        return dk;
    }

    private DataKey newDataKey(KeyStore.MasterKey master) {
        byte[] plainKey = new byte[32];
        random.nextBytes(plainKey);
        byte[] header = new byte[HEADER];
        header[0] = VERSION;
        UUID id = UUID.fromString(master.id());
        ByteBuffer.wrap(header, 1, 16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, header, 17, NONCE);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(master.material(), "AES"),
                    new GCMParameterSpec(TAG * 8, nonce));
            c.updateAAD(header, 1, 16);
            c.doFinal(plainKey, 0, 32, header, 17 + NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM key wrapping failed", e);
        }
        return new DataKey(new SecretKeySpec(plainKey, "AES"), header, new AtomicLong(), System.nanoTime());
    }

    private static SecretKeySpec unwrap(KeyStore.MasterKey master, byte[] sealed, int at) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(master.material(), "AES"),
                    new GCMParameterSpec(TAG * 8, sealed, at, NONCE));
            c.updateAAD(sealed, at - 16, 16);
            return new SecretKeySpec(c.doFinal(sealed, at + NONCE, 32 + TAG), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a record's data key does not open with its master key", e);
        }
    }
}
