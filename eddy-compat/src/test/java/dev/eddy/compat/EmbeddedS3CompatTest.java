package dev.eddy.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded S3 through boto3 (a script beside this class) and the AWS CLI's {@code s3} commands. */
class EmbeddedS3CompatTest {
    static CompatServer eddy;

    @BeforeAll
    static void start() {
        assumeTrue(
                CompatServer.available("python3", "-c", "import boto3") && CompatServer.available("aws", "--version"),
                "SKIPPED: python3 with boto3, or the AWS CLI, is not installed on this machine");
        eddy = new CompatServer();
    }

    @AfterAll
    static void stop() {
        if (eddy != null) {
            eddy.close();
        }
    }

    @Test
    void boto3UsesBucketsObjectsListingAndMultipart() throws Exception {
        Path script;
        try (InputStream in = getClass().getResourceAsStream("boto3_s3.py")) {
            script = Files.write(eddy.dir().resolve("boto3_s3.py"), in.readAllBytes());
        }
        CompatServer.Run r = CompatServer.run(null, List.of("python3", script.toString(), eddy.endpoint()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("PASS buckets")
                .contains("PASS objects")
                .contains("PASS listing")
                .contains("PASS multipart")
                .contains("PASS delete");
    }

    CompatServer.Run s3(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", eddy.endpoint(), "s3"));
        command.addAll(List.of(args));
        CompatServer.Run r = CompatServer.run(null, command);
        assertThat(r.exit())
                .as("aws s3 %s\n%s", String.join(" ", args), r.output())
                .isZero();
        return r;
    }

    @Test
    void theCliCopiesListsAndRemovesIncludingAMultipartUpload() throws Exception {
        Path small = Files.writeString(eddy.dir().resolve("small.txt"), "small file\n");
        byte[] data = new byte[20 << 20]; // above the CLI's 8 MiB threshold: a multipart upload
        new Random(3).nextBytes(data);
        Path big = Files.write(eddy.dir().resolve("big.bin"), data);
        s3("mb", "s3://cli-bucket");
        s3("cp", small.toString(), "s3://cli-bucket/docs/small.txt");
        s3("cp", big.toString(), "s3://cli-bucket/big.bin");
        String top = s3("ls", "s3://cli-bucket").output();
        assertThat(top).contains("PRE docs/").contains("20971520 big.bin");
        assertThat(s3("ls", "s3://cli-bucket", "--recursive").output()).contains("docs/small.txt");
        Path back = eddy.dir().resolve("back.bin");
        s3("cp", "s3://cli-bucket/big.bin", back.toString());
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        s3("rm", "s3://cli-bucket", "--recursive");
        s3("rb", "s3://cli-bucket");
        assertThat(s3("ls").output()).doesNotContain("cli-bucket");
    }
}
