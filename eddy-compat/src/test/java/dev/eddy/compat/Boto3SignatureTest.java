package dev.eddy.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * boto3's real SigV4 signatures against a server that verifies them (botocore signs without
 * x-amz-content-sha256, so the server hashes the body itself): the right key works; a wrong secret,
 * an unknown key, a skewed clock and a changed body are refused with the service's errors.
 */
class Boto3SignatureTest {
    static CompatServer eddy;
    static Path credentials;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                CompatServer.available("python3", "-c", "import boto3"),
                "SKIPPED: python3 with boto3 is not installed on this machine");
        credentials = Files.createTempFile("eddy-credentials", "");
        Files.writeString(credentials, "AKIDEDDYCOMPAT compat-secret 444455556666\n");
        eddy = new CompatServer("--credentials-file", credentials.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (eddy != null) {
            eddy.close();
        }
        if (credentials != null) {
            Files.deleteIfExists(credentials);
        }
    }

    @Test
    void boto3SignaturesAreVerified() throws Exception {
        Path script = Files.writeString(
                eddy.dir().resolve("signatures.py"),
                String.join(
                        "\n",
                        "import sys, datetime, unittest.mock, boto3, botocore",
                        "from botocore.auth import SigV4Auth",
                        "from botocore.awsrequest import AWSRequest",
                        "from botocore.credentials import Credentials",
                        "import urllib.request",
                        "url = sys.argv[1]",
                        "def client(key, secret):",
                        "    return boto3.client('kinesis', endpoint_url=url, region_name='us-east-1',",
                        "        aws_access_key_id=key, aws_secret_access_key=secret,",
                        "        config=botocore.config.Config(retries={'max_attempts': 1}))",
                        "def error(call):",
                        "    try:",
                        "        call()",
                        "        return 'no error'",
                        "    except botocore.exceptions.ClientError as e:",
                        "        return e.response['Error']['Code'] + ' ' + str(e.response['ResponseMetadata']['HTTPStatusCode'])",
                        "good = client('AKIDEDDYCOMPAT', 'compat-secret')",
                        "good.create_stream(StreamName='signed', ShardCount=1)",
                        "good.put_record(StreamName='signed', PartitionKey='k', Data=b'x')",
                        "arn = good.describe_stream_summary(StreamName='signed')['StreamDescriptionSummary']['StreamARN']",
                        "print('arn', arn)",
                        "print('wrong secret:', error(lambda: client('AKIDEDDYCOMPAT', 'nope').list_streams()))",
                        "print('unknown key:', error(lambda: client('AKIDNOBODY', 'compat-secret').list_streams()))",
                        "def raw(body, sign_body, when):",
                        "    req = AWSRequest(method='POST', url=url + '/', data=sign_body, headers={",
                        "        'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'Kinesis_20131202.ListStreams'})",
                        "    auth = SigV4Auth(Credentials('AKIDEDDYCOMPAT', 'compat-secret'), 'kinesis', 'us-east-1')",
                        "    with unittest.mock.patch('botocore.auth.get_current_datetime', lambda: when):",
                        "        auth.add_auth(req)",
                        "    headers = dict(req.headers.items())",
                        "    r = urllib.request.Request(url + '/', data=body, headers=headers, method='POST')",
                        "    try:",
                        "        with urllib.request.urlopen(r) as resp:",
                        "            return str(resp.status)",
                        "    except urllib.error.HTTPError as e:",
                        "        return str(e.code) + ' ' + e.read().decode()",
                        "now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)",
                        "print('signed raw:', raw(b'{}', b'{}', now))",
                        "print('tampered:', raw(b'{\"Limit\":1}', b'{}', now))",
                        "print('skewed:', raw(b'{}', b'{}', now - datetime.timedelta(minutes=30)))",
                        ""));
        CompatServer.Run r = CompatServer.run(null, List.of("python3", script.toString(), eddy.endpoint()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("arn arn:aws:kinesis:us-east-1:444455556666:stream/signed")
                .contains("wrong secret: InvalidSignatureException 400")
                .contains("unknown key: UnrecognizedClientException 400")
                .contains("signed raw: 200")
                .containsPattern("tampered: 400 .*InvalidSignatureException")
                .containsPattern("skewed: 400 .*Signature expired");
    }
}
