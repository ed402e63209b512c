package dev.depot.cli;

import java.io.Console;

/**
 * Whether the process talks to a person at a terminal, so that output meant for a screen
 * (a progress bar redrawn with carriage returns) goes there and CI logs get plain lines.
 */
final class Terminal {
    private Terminal() {}

    /**
     * True when standard input and output are a terminal. JDK 22+ hands out a {@link Console}
     * also when output is redirected and says which through {@code Console.isTerminal()}; on
     * JDK 21 a console exists only on a terminal. Read by reflection: the build targets 21.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // unknown: plain lines are readable everywhere
        }
    }
}
