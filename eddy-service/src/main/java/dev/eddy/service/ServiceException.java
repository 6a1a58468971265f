package dev.eddy.service;

import java.util.Map;

/**
 * An error of a service, as data: its code (the error shape's name, {@code
 * ResourceNotFoundException}), HTTP status, message and any other members the error's shape has
 * ({@code Item} of a ConditionalCheckFailedException, {@code CancellationReasons}). The router
 * spells it in the request's protocol with the service's {@link ErrorStyle}.
 */
public class ServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;
    private final transient Map<String, Object> members;

    public ServiceException(String code, int status, String message) {
        this(code, status, message, Map.of());
    }

    public ServiceException(String code, int status, String message, Map<String, Object> members) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.members = members;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Members of the error's shape besides its message. */
    public Map<String, Object> members() {
        return members;
    }
}
