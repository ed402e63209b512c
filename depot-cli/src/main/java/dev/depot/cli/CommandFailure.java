package dev.depot.cli;

/** A command could not do what was asked (no such map, no such key); exit code 1, no stack trace. */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }
}
