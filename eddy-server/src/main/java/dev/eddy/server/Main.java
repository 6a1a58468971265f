package dev.eddy.server;

import ch.qos.logback.classic.Level;
import dev.eddy.server.config.Config;
import dev.eddy.server.config.Settings;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The {@code eddy} command line. */
public final class Main {
    private Main() {}

    static final String USAGE = "Usage: eddy <command> [options]\n\n"
            + "Commands:\n"
            + "  server      run the Kinesis Data Streams server\n"
            + "  streams     list, create, describe or delete streams (of any endpoint)\n"
            + "  put         write records\n"
            + "  tail        print records as they arrive, following splits and merges\n"
            + "  version     print the version\n"
            + "  help        print this help\n\n"
            + "Options of 'eddy server' (flag > environment > config file > default):\n";

    public static void main(String[] args) {
        List<String> list = Arrays.asList(args);
        if (list.isEmpty()
                || list.contains("--help")
                || list.contains("-h")
                || list.get(0).equals("help")) {
            System.out.print(usage());
            return;
        }
        switch (list.get(0)) {
            case "help-config":
                // the README's configuration table, generated from the settings table
                System.out.print(Config.markdownTable());
                return;
            case "version":
            case "--version":
                System.out.println("eddy " + Version.get());
                return;
            case "server":
                System.exit(server(list.subList(1, list.size())));
                return;
            case "train-startup":
                // bin/eddy's start-up cache: see StartupTraining
                try {
                    System.exit(StartupTraining.run());
                } catch (java.io.IOException | InterruptedException e) {
                    System.err.println("eddy: start-up training failed: " + e);
                    System.exit(1);
                }
                return;
            case "streams":
            case "put":
            case "tail":
                System.exit(new dev.eddy.server.cli.Cli(System.in, System.out, System.err, System.getenv()).run(list));
                return;
            default:
                System.err.println("eddy: unknown command '" + list.get(0) + "'\n");
                System.err.print(usage());
                System.exit(2);
        }
    }

    static String usage() {
        return USAGE + Config.help() + "\n" + dev.eddy.server.cli.Cli.USAGE;
    }

    /** Replaces the console encoder with logback's JSON encoder: one object per line. */
    private static void useJsonLogs() {
        ch.qos.logback.classic.LoggerContext context =
                (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var appender = (ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>)
                root.getAppender(dev.eddy.server.logging.LogSetup.APPENDER);
        appender.stop();
        ch.qos.logback.classic.encoder.JsonEncoder json = new ch.qos.logback.classic.encoder.JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithContext(false);
        json.setWithMDC(false);
        json.setWithFormattedMessage(true);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.start();
        appender.setEncoder(json);
        appender.start();
    }

    private static int server(List<String> args) {
        Config config;
        try {
            config = Config.load(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("eddy: " + e.getMessage());
            return 2;
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.toLevel(config.get(Settings.LOG_LEVEL)));
        if (config.get(Settings.LOG_FORMAT).equals("json")) {
            useJsonLogs();
        }
        Logger log = LoggerFactory.getLogger("eddy");
        EddyServer server;
        try {
            server = EddyServer.start(config);
        } catch (RuntimeException e) {
            log.error("eddy could not start: {}", e.getMessage(), e.getCause() == null ? null : e);
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        if (!Signals.onTerminate(stop::countDown)) {
            // without signal handling the JVM still runs this hook on SIGTERM (then exits 143)
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                stop.countDown();
                                try {
                                    closed.await(30, java.util.concurrent.TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "eddy-shutdown"));
        }
        server.banner().forEach(log::info);
        log.info(server.readyLine());
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("shutting down: no new connections; finishing requests in flight and flushing");
        server.close();
        log.info("stopped");
        closed.countDown();
        return 0;
    }
}
