package dev.eddy.server.transport;

/** What {@code GET /health} reports: starting, serving, or draining during shutdown. */
public final class Health {
    /** The server's phases as health sees them. */
    public enum State {
        STARTING,
        SERVING,
        DRAINING
    }

    private volatile State state = State.STARTING;

    public State state() {
        return state;
    }

    public void set(State s) {
        state = s;
    }
}
