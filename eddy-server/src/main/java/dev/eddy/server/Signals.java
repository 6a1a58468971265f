package dev.eddy.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into an orderly stop, so that the process drains, flushes and exits
 * with status 0 rather than 143. Uses {@code sun.misc.Signal} (module jdk.unsupported) through
 * reflection: it is present on every JDK, and a direct reference draws a compiler warning.
 */
final class Signals {
    private Signals() {}

    /** Runs {@code action} on SIGTERM or SIGINT; false if signals cannot be handled here. */
    static boolean onTerminate(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object proxy = Proxy.newProxyInstance(
                    Signals.class.getClassLoader(), new Class<?>[] {handler}, new Handler(action));
            Method handle = signal.getMethod("handle", signal, handler);
            for (String name : new String[] {"TERM", "INT"}) {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(Signals.class).debug("cannot handle signals; relying on a shutdown hook", e);
            return false;
        }
    }

    private static final class Handler implements InvocationHandler {
        private final Runnable action;

        Handler(Runnable action) {
            this.action = action;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getName().equals("handle")) {
                action.run();
                return null;
            }
            if (method.getName().equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            if (method.getName().equals("equals")) {
                return proxy == args[0];
            }
            return "eddy-signal-handler";
        }
    }
}
