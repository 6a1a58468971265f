package dev.eddy.server;

import dev.eddy.server.api.Dispatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The accounts one server holds. The server's own ({@code --account-id}) keeps its data at the
 * top of the data directory; every other account an access key names gets its own catalog, log
 * and key store under {@code <data>/accounts/<id>/}, opened on its first request (and at start-up
 * when it already has data), so streams of different accounts share nothing but the port: the same
 * name in two accounts is two streams, and an ARN of another account's stream is not found.
 *
 * <p>Thread-safe.
 */
final class Accounts implements Dispatcher.Routing, AutoCloseable {
    private final Tenant primary;
    private final Function<String, Tenant> opener;
    private final Map<String, Tenant> others = new ConcurrentHashMap<>();
    private final Path accountsDir;

    /** Accounts other than the primary live under {@code accountsDir} (null: in memory). */
    Accounts(Tenant primary, Path accountsDir, Function<String, Tenant> opener) {
        this.primary = primary;
        this.accountsDir = accountsDir;
        this.opener = opener;
    }

    /** Opens the accounts that have a directory already. */
    void openExisting() {
        if (accountsDir == null || !Files.isDirectory(accountsDir)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(accountsDir)) {
            for (Path d : dirs.toList()) {
                String id = d.getFileName().toString();
                if (id.matches("\\d{12}") && Files.isDirectory(d)) {
                    tenant(id);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + accountsDir, e);
        }
    }

    /** The account's tenant, opened if need be; null or the server's own id gives the server's own. */
    private Tenant tenant(String accountId) {
        if (accountId == null || accountId.equals(primary.accountId())) {
            return primary;
        }
        return others.computeIfAbsent(accountId, opener);
    }

    /** Every open account, the server's own first. */
    List<Tenant> all() {
        List<Tenant> all = new ArrayList<>();
        all.add(primary);
        all.addAll(others.values());
        return all;
    }

    @Override
    public Dispatcher.Account primary() {
        return primary;
    }

    @Override
    public Dispatcher.Account account(String accountId) {
        return tenant(accountId);
    }

    @Override
    public Dispatcher.Account existing(String accountId) {
        if (accountId.equals(primary.accountId())) {
            return primary;
        }
        Tenant t = others.get(accountId);
        if (t == null && accountsDir != null && Files.isDirectory(accountsDir.resolve(accountId))) {
            t = tenant(accountId);
        }
        return t;
    }

    @Override
    public void close() {
        for (Tenant t : all()) {
            t.close();
        }
    }
}
