package dev.eddy.engine.iterator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Iterators are opaque, tamper-evident and survive a restart (the key is kept). */
class ShardIteratorTest {
    @TempDir
    Path dir;

    @Test
    void anIteratorOpensToWhatWasSealed() {
        TokenCipher cipher = TokenCipher.random();
        ShardIterator it = new ShardIterator("123456789012", "orders", 1_790_000_000_123L, 7, 42, 1_790_000_100_000L);
        String token = it.seal(cipher);
        assertThat(token.length()).isLessThanOrEqualTo(512);
        assertThat(token).doesNotContain("orders");
        assertThat(ShardIterator.open(cipher, token)).isEqualTo(it);
    }

    @Test
    void changingAnyByteOfATokenMakesItInvalid() {
        TokenCipher cipher = TokenCipher.random();
        String token = new ShardIterator("000000000000", "s", 1, 0, 0, 2).seal(cipher);
        byte[] raw = Base64.getDecoder().decode(token);
        for (int i = 0; i < raw.length; i++) {
            byte[] copy = raw.clone();
            copy[i] ^= 1;
            assertThat(ShardIterator.open(cipher, Base64.getEncoder().encodeToString(copy)))
                    .as("byte %d flipped", i)
                    .isNull();
        }
        assertThat(ShardIterator.open(cipher, "not base64!")).isNull();
        assertThat(ShardIterator.open(TokenCipher.random(), token))
                .as("another server's key")
                .isNull();
    }

    @Test
    void theKeyIsKeptSoIteratorsOutliveARestart() {
        String token = new ShardIterator("000000000000", "s", 1, 0, 5, 2).seal(TokenCipher.open(dir));
        assertThat(ShardIterator.open(TokenCipher.open(dir), token).position()).isEqualTo(5);
    }
}
