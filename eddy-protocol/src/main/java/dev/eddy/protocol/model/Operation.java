package dev.eddy.protocol.model;

/** An operation of the service model: its name and input and output shapes. */
public record Operation(String name, Shape input, Shape output) {}
