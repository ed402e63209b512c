package dev.depot.cli;

import picocli.CommandLine;

/** Entry point of the {@code depot} command: runs one command and exits with its code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // The Redis store's Netty would use sun.misc.Unsafe, on which JDK 24+ warns on stderr
        // at every run; a short-lived tool gains nothing from it.
        if (System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
        System.exit(newCommandLine().execute(args));
    }

    /** A usage error: the message, a suggestion for a mistyped command, and where help is; exit code 2. */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * The {@code depot} command line with Depot's error handling and exit codes: 0 success,
     * 1 failure (such as a missing key), 2 bad usage or input, 3 store unavailable, 4 session
     * locked by another instance. Tests call this and {@link CommandLine#execute} in-process.
     */
    public static CommandLine newCommandLine() {
        return newCommandLine(System.getenv());
    }

    /** Like {@link #newCommandLine()}, reading settings from {@code environment} instead of the process's. */
    public static CommandLine newCommandLine(java.util.Map<String, String> environment) {
        DepotCommand root = new DepotCommand(environment);
        CommandLine cl = new CommandLine(root);
        cl.setUsageHelpAutoWidth(true);
        OneLineErrorHandler errors = new OneLineErrorHandler(root);
        cl.setExecutionExceptionHandler(errors);
        cl.setExitCodeExceptionMapper(OneLineErrorHandler::exitCode);
        cl.setParameterExceptionHandler(Main::usageError);
        return cl;
    }
}
