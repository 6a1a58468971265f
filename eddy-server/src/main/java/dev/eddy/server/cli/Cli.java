package dev.eddy.server.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The command-line client in the same binary: {@code eddy streams …}, {@code eddy put} and
 * {@code eddy tail}, talking to any Kinesis endpoint (Eddy or AWS) through the AWS SDK. Options:
 * {@code --endpoint URL} (or EDDY_ENDPOINT; default http://127.0.0.1:4567), {@code --region}
 * (or AWS_REGION). Credentials come from the usual AWS chain, or dummy ones for a local endpoint.
 */
public final class Cli {
    public static final String USAGE =
            "Client commands (any Kinesis endpoint; --endpoint URL, default http://127.0.0.1:4567):\n"
                    + "  streams list                         names of the streams\n"
                    + "  streams create NAME [--shards N | --on-demand]\n"
                    + "  streams describe NAME                status, retention, shards and their lineage\n"
                    + "  streams delete NAME\n"
                    + "  put STREAM [--key KEY] [DATA...]     each DATA, or each line of stdin, becomes a record\n"
                    + "  tail STREAM [--from trim-horizon|latest|TIMESTAMP] [--no-follow] [--verbose]\n"
                    + "                                       prints records of every shard, children after parents\n";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** True for the first words this client answers. */
    public static boolean handles(String command) {
        return command.equals("streams") || command.equals("put") || command.equals("tail");
    }

    /** Parsed arguments: positional words and --options (flags without a value are "true"). */
    record Args(List<String> words, Map<String, String> options) {
        String option(String name, String otherwise) {
            return options.getOrDefault(name, otherwise);
        }

        boolean flag(String name) {
            return options.containsKey(name);
        }
    }

    static Args parse(List<String> args, List<String> flags) {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq > 0) {
                    options.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (flags.contains(name)) {
                    options.put(name, "true");
                } else if (i + 1 < args.size()) {
                    options.put(name, args.get(++i));
                } else {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
            } else {
                words.add(a);
            }
        }
        return new Args(words, options);
    }

    /** Runs a client command; returns the process exit status. */
    public int run(List<String> arguments) {
        Args args;
        try {
            args = parse(arguments, List.of("on-demand", "no-follow", "verbose", "follow"));
        } catch (IllegalArgumentException e) {
            err.println("eddy: " + e.getMessage());
            return 2;
        }
        if (args.words().isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        try (KinesisClient kinesis = client(args)) {
            switch (args.words().get(0)) {
                case "streams":
                    return new StreamsCommand(kinesis, out, err).run(args);
                case "put":
                    return new PutCommand(kinesis, in, out, err).run(args);
                case "tail":
                    return new TailCommand(kinesis, out, err, System.console() != null).run(args);
                default:
                    err.print(USAGE);
                    return 2;
            }
        } catch (UsageException e) {
            err.println("eddy: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (SdkException e) {
            err.println("eddy: " + e.getMessage());
            return 1;
        }
    }

    private KinesisClient client(Args args) {
        String endpoint = args.option("endpoint", env.getOrDefault("EDDY_ENDPOINT", "http://127.0.0.1:4567"));
        String region = args.option(
                "region", env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1")));
        AwsCredentialsProvider credentials = env.containsKey("AWS_ACCESS_KEY_ID") || env.containsKey("AWS_PROFILE")
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("eddy", "eddy"));
        return KinesisClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /** A command used wrongly. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
