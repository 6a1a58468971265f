package dev.eddy.s3.api;

import dev.eddy.s3.S3Exception;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The checksums S3 clients send ({@code x-amz-checksum-crc32}, {@code -crc32c}, {@code -crc64nvme},
 * {@code -sha1}, {@code -sha256}, base64 of the big-endian value): checked against the bytes
 * received, with S3's BadDigest when one does not match.
 */
public final class Checksums {
    private Checksums() {}

    /** Checks every checksum among {@code headers} (and trailers); returns them by algorithm name (CRC32). */
    public static Map<String, String> verify(byte[] data, Map<String, String> headers) {
        Map<String, String> found = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!h.getKey().startsWith("x-amz-checksum-")
                    || h.getKey().equals("x-amz-checksum-mode")
                    || h.getKey().equals("x-amz-checksum-type")) {
                continue;
            }
            String algorithm = h.getKey().substring("x-amz-checksum-".length()).toUpperCase(java.util.Locale.ROOT);
            String expected = compute(algorithm, data);
            if (expected == null) {
                continue;
            }
            if (!expected.equals(h.getValue().strip())) {
                throw new S3Exception(
                        "BadDigest", 400, "The " + algorithm + " you specified did not match the calculated checksum.");
            }
            found.put(algorithm, expected);
        }
        return found;
    }

    /** The base64 checksum of {@code data} by {@code algorithm}, or null for one not known. */
    public static String compute(String algorithm, byte[] data) {
        return switch (algorithm) {
            case "CRC32" -> {
                CRC32 c = new CRC32();
                c.update(data);
                yield int32(c.getValue());
            }
            case "CRC32C" -> {
                CRC32C c = new CRC32C();
                c.update(data);
                yield int32(c.getValue());
            }
            case "CRC64NVME" -> {
                long v = crc64nvme(data);
                yield Base64.getEncoder()
                        .encodeToString(
                                java.nio.ByteBuffer.allocate(8).putLong(v).array());
            }
            case "SHA1" -> digest("SHA-1", data);
            case "SHA256" -> digest("SHA-256", data);
            default -> null;
        };
    }

    private static String int32(long v) {
        return Base64.getEncoder()
                .encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) v).array());
    }

    private static String digest(String name, byte[] data) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance(name).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final long[] CRC64_TABLE = new long[256];

    static {
        long poly = 0x9A6C9329AC4BC9B5L; // CRC-64/NVME, reflected
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
            CRC64_TABLE[i] = crc;
        }
    }

    static long crc64nvme(byte[] data) {
        long crc = -1L;
        for (byte b : data) {
            crc = CRC64_TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }
        return ~crc;
    }
}
