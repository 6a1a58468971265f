package dev.eddy.service;

/**
 * An action answered with a stream of events rather than one body (SubscribeToShard). It returns
 * the service's subscription, which the transport knows how to stream. Errors before the stream
 * starts are thrown as usual and become ordinary errors.
 */
@FunctionalInterface
public interface StreamingHandler {
    Object subscribe(Input input);
}
