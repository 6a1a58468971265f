package dev.eddy.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials file: keys, accounts, session tokens, comments, and clear errors for bad lines. */
class CredentialsTest {
    @TempDir
    Path dir;

    private Credentials read(String text) throws Exception {
        return Credentials.read(Files.writeString(dir.resolve("keys"), text), "000000000000");
    }

    @Test
    void keysTakeTheServersAccountUnlessTheyNameTheirOwn() throws Exception {
        Credentials c = read("""
                # comment line
                AKIDONE   s1                 # trailing comment
                AKIDTWO   s2   111122223333

                ASIATHREE s3   111122223333  token-3
                """);
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.key("AKIDONE")).contains(new Credentials.Key("AKIDONE", "s1", "000000000000", null));
        assertThat(c.key("AKIDTWO").orElseThrow().accountId()).isEqualTo("111122223333");
        assertThat(c.key("ASIATHREE").orElseThrow().sessionToken()).isEqualTo("token-3");
        assertThat(c.key("AKIDNONE")).isEmpty();
    }

    @Test
    void badLinesAreNamedByLineNumber() {
        assertThatThrownBy(() -> read("AKIDONE\n"))
                .hasMessageContaining("line 1")
                .hasMessageContaining("SECRET");
        assertThatThrownBy(() -> read("AKIDONE s1\nAKIDTWO s2 12345\n"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("12 digits");
        assertThatThrownBy(() -> read("AKIDONE s1\nAKIDONE s2\n")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> read("AKID-ONE s1\n")).hasMessageContaining("letters and digits");
        assertThatThrownBy(() -> read("# nothing\n")).hasMessageContaining("no access keys");
        assertThatThrownBy(() -> Credentials.read(dir.resolve("missing"), "000000000000"))
                .hasMessageContaining("cannot read the credentials file");
    }
}
