package dev.depot.cli;

import dev.depot.SessionLockedException;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.SecretMasker;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a failed command as one line on stderr ("depot get: ...") and maps the exception to
 * an exit code; the stack trace only with {@code --verbose}. Everything printed is scrubbed of
 * the configured password, as a second line of defence behind Depot's own masking.
 */
final class OneLineErrorHandler implements IExecutionExceptionHandler {
    static final int FAILURE = 1;
    static final int USAGE = CommandLine.ExitCode.USAGE;
    static final int STORE_UNAVAILABLE = 3;
    static final int SESSION_LOCKED = 4;

    private final DepotCommand root;

    OneLineErrorHandler(DepotCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        String message = ex.getMessage() == null || ex.getMessage().isBlank()
                ? ex.getClass().getSimpleName() : ex.getMessage();
        err.println(scrub(cmd.getCommandSpec().qualifiedName() + ": " + firstLine(message)));
        if (root.verbose) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(scrub(trace.toString()));
        } else if (exitCode(ex) == FAILURE && !(ex instanceof dev.depot.DepotException) && !(ex instanceof CommandFailure)) {
            err.println(scrub("(" + ex.getClass().getName() + "; run again with --verbose for the stack trace)"));
        }
        err.flush();
        return exitCode(ex);
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof StoreUnavailableException) {
            return STORE_UNAVAILABLE;
        }
        if (ex instanceof SessionLockedException) {
            return SESSION_LOCKED;
        }
        if (ex instanceof IllegalArgumentException || ex instanceof CommandLine.ParameterException
                || ex instanceof dev.depot.MediaRejectedException // a refused upload is bad input
                || ex instanceof UnsupportedOperationException) {
            return USAGE;
        }
        return FAILURE;
    }

    private String scrub(String text) {
        return SecretMasker.of(root.secrets()).scrub(text);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
