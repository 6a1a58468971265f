package dev.eddy.server;

import dev.eddy.cloudwatch.CloudWatchService;
import dev.eddy.dynamodb.DynamoDbService;
import dev.eddy.engine.Engine;
import dev.eddy.engine.EngineConfig;
import dev.eddy.engine.ScalingPolicy;
import dev.eddy.engine.iterator.TokenCipher;
import dev.eddy.engine.kms.KeyStore;
import dev.eddy.engine.stream.Catalog;
import dev.eddy.kinesis.KinesisService;
import dev.eddy.kms.KmsService;
import dev.eddy.protocol.model.ServiceModel;
import dev.eddy.server.api.Dispatcher;
import dev.eddy.server.auth.Authorizer;
import dev.eddy.server.auth.Credentials;
import dev.eddy.server.auth.SigV4Verifier;
import dev.eddy.server.config.Config;
import dev.eddy.server.config.Settings;
import dev.eddy.server.transport.ConnectionCaps;
import dev.eddy.server.transport.ConnectionGuard;
import dev.eddy.server.transport.ConnectionStats;
import dev.eddy.server.transport.Health;
import dev.eddy.server.transport.HttpPipelines;
import dev.eddy.server.transport.ProtocolSniffer;
import dev.eddy.server.transport.TlsContexts;
import dev.eddy.storage.Durability;
import dev.eddy.storage.LogStore;
import dev.eddy.storage.file.FileLogStore;
import dev.eddy.storage.memory.MemoryLogStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Eddy server: storage, engine and the Netty listener on one port. {@link #start}
 * returns once the port is bound and {@code /health} answers 200; {@link #close} stops accepting,
 * lets in-flight requests finish, flushes the store and releases everything.
 */
public final class EddyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EddyServer.class);

    private final Config config;
    private final Health health = new Health();
    private final ConnectionStats connections = new ConnectionStats();
    private final Engine engine;
    private final Accounts accounts;
    private final Dispatcher dispatcher;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final ScheduledExecutorService housekeeping;
    private final Path tempTlsDir;
    private final Credentials credentials;
    private final Authorizer authorizer;
    private final CompletableFuture<SslContext> tls;
    private final long startedNanos;

    private EddyServer(Config config, Clock clock) {
        this.startedNanos = System.nanoTime();
        this.config = config;
        // what does not depend on the data directory is made meanwhile on other threads: the service
        // model (parsed from JSON) and Netty's native transport (a library unpacked and loaded)
        CompletableFuture<ServiceModel> serviceModel =
                CompletableFuture.supplyAsync(ServiceModel::kinesis, EddyServer::startupThread);
        CompletableFuture<Boolean> nativeTransport =
                CompletableFuture.supplyAsync(Epoll::isAvailable, EddyServer::startupThread);
        boolean inMemory = config.get(Settings.IN_MEMORY);
        Path dataDir = Path.of(config.get(Settings.DATA_DIR)).toAbsolutePath().normalize();
        String credentialsFile = config.get(Settings.CREDENTIALS_FILE);
        this.credentials = credentialsFile.isEmpty()
                ? null
                : Credentials.read(Path.of(credentialsFile), config.get(Settings.ACCOUNT_ID));
        String policiesFile = config.get(Settings.POLICIES_FILE);
        this.authorizer = policiesFile.isEmpty() ? Authorizer.open() : Authorizer.read(Path.of(policiesFile));
        EngineConfig engineConfig = new EngineConfig(
                config.get(Settings.REGION),
                config.get(Settings.ACCOUNT_ID),
                config.get(Settings.SHARD_LIMIT),
                50,
                config.get(Settings.STATE_DELAY_MS),
                config.get(Settings.LIMITS).equals("aws"),
                new ScalingPolicy(
                        config.get(Settings.MAX_SCALINGS_PER_DAY),
                        config.get(Settings.ON_DEMAND_MIN_SHARDS),
                        config.get(Settings.ON_DEMAND_MAX_SHARDS),
                        config.get(Settings.ON_DEMAND_SPLIT_PERCENT),
                        config.get(Settings.ON_DEMAND_MERGE_PERCENT),
                        config.get(Settings.ON_DEMAND_WINDOW_S) * 1000L,
                        config.get(Settings.ON_DEMAND_COOLDOWN_S) * 1000L),
                clock);
        TokenCipher cipher = inMemory ? TokenCipher.random() : TokenCipher.open(dataDir);
        this.engine = openEngine(engineConfig, inMemory ? null : dataDir, cipher);

        try {
            String cert = config.get(Settings.TLS_CERT);
            String key = config.get(Settings.TLS_KEY);
            if (!cert.isEmpty() || !key.isEmpty()) {
                if (cert.isEmpty() || key.isEmpty()) {
                    throw new IllegalArgumentException("tls-cert and tls-key must be given together");
                }
                tempTlsDir = null;
                tls = CompletableFuture.completedFuture(TlsContexts.server(Path.of(cert), Path.of(key)));
            } else {
                // made off the start-up path: a new key pair and certificate and the JDK's TLS engine take
                // longer to set up than everything else together; plaintext is served meanwhile
                tempTlsDir = inMemory ? Files.createTempDirectory("eddy-tls") : null;
                Path dir = inMemory ? tempTlsDir : dataDir.resolve("tls");
                tls = CompletableFuture.supplyAsync(
                        () -> {
                            Path[] pair = TlsContexts.selfSigned(dir);
                            return TlsContexts.server(pair[0], pair[1]);
                        },
                        EddyServer::startupThread);
                tls.whenComplete((context, failure) -> {
                    if (failure != null) {
                        LOG.error("TLS is unavailable: {}", failure.getMessage(), failure);
                    }
                });
            }
        } catch (IOException e) {
            engine.close();
            throw new UncheckedIOException(e);
        }

        serviceModel.join(); // parsed by now, beside the store's opening
        Path accountsDir = inMemory ? null : dataDir.resolve("accounts");
        this.accounts = new Accounts(tenant(engine, inMemory ? null : dataDir), accountsDir, account -> {
            Engine e = openEngine(
                    engineConfig.withAccountId(account),
                    accountsDir == null ? null : accountsDir.resolve(account),
                    cipher);
            LOG.info("opened account {}", account);
            return tenant(e, accountsDir == null ? null : accountsDir.resolve(account));
        });
        accounts.openExisting();
        this.dispatcher = new Dispatcher(
                accounts, credentials == null ? null : new SigV4Verifier(credentials, Clock.systemUTC()), authorizer);
        PrometheusMetrics prometheus = new PrometheusMetrics(accounts::all, connections, dispatcher);
        HttpPipelines pipelines = new HttpPipelines(
                dispatcher,
                health,
                config.get(Settings.MAX_REQUEST_MB) << 20,
                config.get(Settings.SUBSCRIPTION_LIFETIME_S) * 1000L,
                connections,
                new ConnectionGuard.Timeouts(
                        config.get(Settings.HEADER_TIMEOUT_MS),
                        config.get(Settings.BODY_TIMEOUT_MS),
                        config.get(Settings.IDLE_TIMEOUT_MS)),
                prometheus::render);
        ConnectionCaps caps = new ConnectionCaps(
                config.get(Settings.MAX_CONNECTIONS), config.get(Settings.MAX_CONNECTIONS_PER_CLIENT), connections);
        boolean epoll = nativeTransport.join();
        this.boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        // one event loop per core, not Netty's two: on two cores it was as fast or faster in 6 of 8
        // paired runs (PutRecord at 64 connections, PutRecords), with fewer threads to switch between
        int ioThreads = config.get(Settings.IO_THREADS) > 0
                ? config.get(Settings.IO_THREADS)
                : Runtime.getRuntime().availableProcessors();
        this.workers = epoll ? new EpollEventLoopGroup(ioThreads) : new NioEventLoopGroup(ioThreads);
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boolean tlsOnly = config.get(Settings.TLS_ONLY);
        try {
            this.channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // a client that shuts its sending side after a request still reads the answer
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!caps.admit(ch)) {
                                return;
                            }
                            pipelines.accepted(ch);
                            ch.pipeline().addLast("sniff", new ProtocolSniffer(tls, false, !tlsOnly, pipelines));
                        }
                    })
                    .bind(config.get(Settings.HOST), config.get(Settings.PORT))
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            accounts.close();
            throw new IllegalStateException(
                    "cannot listen on " + config.get(Settings.HOST) + ":" + config.get(Settings.PORT) + ": "
                            + e.getMessage(),
                    e);
        }
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eddy-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(this::runHousekeeping, 100, 100, TimeUnit.MILLISECONDS);
        // the large models (DynamoDB's, CloudWatch's) are read lazily, so start-up does not wait for
        // them; parse them a moment after it, before a client is likely to ask (one that asks
        // sooner has them parsed for it)
        housekeeping.schedule(
                () -> accounts.all()
                        .forEach(t ->
                                t.services().values().forEach(s -> s.model().preload())),
                1,
                TimeUnit.SECONDS);
        health.set(Health.State.SERVING);
    }

    private void runHousekeeping() {
        for (Tenant t : accounts.all()) {
            for (var service : t.services().entrySet()) {
                try {
                    service.getValue().housekeeping();
                } catch (RuntimeException e) {
                    LOG.warn("housekeeping of {} in account {} failed", service.getKey(), t.accountId(), e);
                }
            }
            t.rest().values().forEach(dev.eddy.service.rest.RestService::housekeeping);
        }
    }

    /** Runs the periodic work of every account's services now (for tests, on their clock). */
    public void housekeepingNow() {
        runHousekeeping();
    }

    /** An account's engine over its own catalog, log and key store in {@code dir} (null: in memory). */
    private Engine openEngine(EngineConfig engineConfig, Path dir, TokenCipher cipher) {
        Clock clock = engineConfig.clock();
        if (dir == null) {
            return new Engine(
                    engineConfig,
                    Catalog.inMemory(),
                    new MemoryLogStore(clock),
                    cipher,
                    KeyStore.inMemory(engineConfig.region(), engineConfig.accountId(), clock.millis()));
        }
        LogStore store = FileLogStore.open(FileLogStore.Options.defaults(dir.resolve("log"))
                .withDurability(Durability.parse(config.get(Settings.DURABILITY)))
                .withFlushIntervalMillis(config.get(Settings.FLUSH_INTERVAL_MS))
                .withSegmentBytes(config.get(Settings.SEGMENT_MB) * (1L << 20))
                .withClock(clock));
        try {
            return new Engine(
                    engineConfig,
                    Catalog.open(dir),
                    store,
                    cipher,
                    KeyStore.open(dir, engineConfig.region(), engineConfig.accountId(), clock.millis()));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * An account's services over its engine and its data directory {@code dir} (null: in memory);
     * each service's key is its policy prefix.
     */
    private Tenant tenant(Engine engine, Path dir) {
        EngineConfig c = engine.config();
        java.util.List<dev.eddy.service.Service> list = new java.util.ArrayList<>();
        try {
            list.add(new KinesisService(engine));
            list.add(new KmsService(engine.keys(), c.clock()));
            list.add(new DynamoDbService(
                    engine.store(),
                    dir == null ? null : dir.resolve("dynamodb"),
                    c.clock(),
                    config.get(Settings.STATE_DELAY_MS),
                    c.region(),
                    c.accountId()));
            CloudWatchService cloudWatch = new CloudWatchService(
                    engine.store(), dir == null ? null : dir.resolve("cloudwatch"), c.clock(), c.accountId());
            engine.metrics().sink(cloudWatch::observeKinesis);
            list.add(cloudWatch);
        } catch (RuntimeException e) {
            list.forEach(dev.eddy.service.Service::close);
            throw e;
        }
        java.util.Map<String, dev.eddy.service.Service> services = new java.util.LinkedHashMap<>();
        for (dev.eddy.service.Service s : list) {
            services.put(s.policyPrefix(), s);
        }
        dev.eddy.s3.S3Service s3 =
                new dev.eddy.s3.S3Service(dir == null ? null : dir.resolve("s3"), c.clock(), c.region(), c.accountId());
        return new Tenant(
                engine, java.util.Collections.unmodifiableMap(services), java.util.Map.of(s3.signingName(), s3));
    }

    /** Runs a start-up task on a thread of its own (there are two or three, once each). */
    private static void startupThread(Runnable task) {
        Thread t = new Thread(task, "eddy-startup");
        t.setDaemon(true);
        t.start();
    }

    public static EddyServer start(Config config) {
        return new EddyServer(config, Clock.systemUTC());
    }

    public static EddyServer start(Config config, Clock clock) {
        return new EddyServer(config, clock);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public String host() {
        return ((InetSocketAddress) channel.localAddress()).getHostString();
    }

    public Engine engine() {
        return engine;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public long startupMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** What the server is and how it is set up, logged once at start. */
    public java.util.List<String> banner() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("Eddy " + Version.get() + " on Java " + Runtime.version() + " ("
                + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)");
        String host = host().contains(":") ? "[" + host() + "]" : host();
        lines.add("endpoints: "
                + (config.get(Settings.TLS_ONLY)
                        ? "https://" + host + ":" + port() + " (TLS only: plaintext connections are refused)"
                        : "http://" + host + ":" + port() + " (HTTP/1.1 and HTTP/2) and https://" + host + ":" + port()
                                + " (TLS)")
                + ", health at /health, metrics at /metrics");
        lines.add("storage: "
                + (config.get(Settings.IN_MEMORY)
                        ? "in memory, nothing is kept"
                        : Path.of(config.get(Settings.DATA_DIR))
                                        .toAbsolutePath()
                                        .normalize() + ", durability " + config.get(Settings.DURABILITY)));
        lines.add("limits: "
                + (config.get(Settings.LIMITS).equals("aws")
                        ? "per-shard throughput limits as AWS enforces them"
                        : "off")
                + "; region " + config.get(Settings.REGION)
                + ", account " + config.get(Settings.ACCOUNT_ID));
        lines.add(
                credentials == null
                        ? "auth: NOT VERIFIED - requests must carry a signature, but any signature and any credentials"
                                + " are accepted (set --credentials-file to verify them)"
                        : "auth: SigV4 signatures verified against " + credentials.size() + " access key"
                                + (credentials.size() == 1 ? "" : "s") + " from "
                                + config.get(Settings.CREDENTIALS_FILE));
        lines.add(
                authorizer.size() == 0
                        ? "policies: keys may do anything in their own account; other accounts only where their"
                                + " resource policies allow"
                        : "policies: identity policies for " + authorizer.size() + " access keys from "
                                + config.get(Settings.POLICIES_FILE) + ", and resource policies");
        for (var s : Settings.ALL) {
            if (!config.source(s).equals("default")) {
                lines.add("setting " + s.key() + " = " + config.get(s) + " (from " + config.source(s) + ")");
            }
        }
        return lines;
    }

    /** The one line logged when the server is ready. */
    public String readyLine() {
        String where = config.get(Settings.IN_MEMORY)
                ? "in memory (nothing is kept)"
                : "in "
                        + Path.of(config.get(Settings.DATA_DIR))
                                .toAbsolutePath()
                                .normalize();
        return "Eddy " + Version.get() + " ready in " + startupMillis() + " ms on " + host() + ":" + port()
                + (config.get(Settings.TLS_ONLY) ? " (TLS only)" : " (HTTP/1.1, HTTP/2, TLS)") + "; data " + where
                + "; durability " + config.get(Settings.DURABILITY)
                + "; limits " + config.get(Settings.LIMITS);
    }

    /**
     * Stops in order: /health reports draining, no new connections are accepted, subscriptions end
     * their streams normally (clients may subscribe again elsewhere), requests in flight finish,
     * then the store is flushed and closed.
     */
    @Override
    public void close() {
        health.set(Health.State.DRAINING);
        long grace = config.get(Settings.SHUTDOWN_GRACE_MS);
        if (grace > 0) {
            LOG.info("draining: /health reports draining for {} ms before connections are refused", grace);
            try {
                Thread.sleep(grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        channel.close().syncUninterruptibly();
        for (Tenant t : accounts.all()) {
            for (var subscription : t.engine().fanOut().subscriptions()) {
                subscription.end();
            }
        }
        housekeeping.shutdownNow();
        workers.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        accounts.close();
        if (tempTlsDir != null) {
            try {
                tls.get(10, TimeUnit.SECONDS); // not removing the directory under the certificate's maker
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // reported when it failed
            }
            try (var files = Files.list(tempTlsDir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(tempTlsDir);
            } catch (IOException e) {
                LOG.debug("could not remove {}", tempTlsDir, e);
            }
        }
    }
}
