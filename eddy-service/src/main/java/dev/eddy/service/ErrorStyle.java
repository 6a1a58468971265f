package dev.eddy.service;

import java.util.Set;

/**
 * How a service spells an error's {@code __type}: Kinesis sends the bare shape name
 * ({@code ResourceNotFoundException}), DynamoDB a namespace per family ({@code
 * com.amazonaws.dynamodb.v20120810#ResourceNotFoundException}, {@code
 * com.amazon.coral.validate#ValidationException}, {@code com.amazon.coral.service#...} for errors
 * of AWS's front door), CloudWatch its smithy namespace. Errors of the front door (serialisation,
 * unknown operation, signatures) carry their message as {@code Message}; a service's own errors
 * spell it as their shape does.
 */
public interface ErrorStyle {
    /** The errors raised by AWS's front door rather than the service. */
    Set<String> FRONT_DOOR = Set.of(
            "SerializationException",
            "UnknownOperationException",
            "MissingAuthenticationTokenException",
            "IncompleteSignatureException",
            "InvalidSignatureException",
            "UnrecognizedClientException",
            "AccessDeniedException",
            "InternalFailure",
            "ServiceUnavailable",
            "ThrottlingException");

    /** The {@code __type} of the error {@code code}. */
    String type(String code);

    /** The awsQuery error code of an error the model gives no code for. */
    default String queryCode(String code) {
        return code;
    }

    /** The member a front-door error's message is sent in. */
    default String frontDoorMessageMember() {
        return "Message";
    }

    /** Bare shape names, as Kinesis and KMS send them. */
    static ErrorStyle bare() {
        return code -> code;
    }

    /**
     * DynamoDB's style: validation errors in {@code com.amazon.coral.validate}, the front door's in
     * {@code com.amazon.coral.service}, the service's own in {@code namespace}.
     */
    static ErrorStyle coral(String namespace) {
        return code -> {
            if (code.equals("ValidationException")) {
                return "com.amazon.coral.validate#" + code;
            }
            if (code.equals("ThrottlingException")) {
                return "com.amazon.coral.availability#" + code;
            }
            if (FRONT_DOOR.contains(code)) {
                return "com.amazon.coral.service#" + code;
            }
            return namespace + "#" + code;
        };
    }

    /** Every error in one smithy namespace ({@code com.amazonaws.cloudwatch}). */
    static ErrorStyle namespaced(String namespace) {
        return code -> namespace + "#" + code;
    }
}
