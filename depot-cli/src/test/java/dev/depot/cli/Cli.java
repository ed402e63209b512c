package dev.depot.cli;

import dev.depot.Depot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the {@code depot} command in-process, as {@link Main} does, and captures what it prints. */
final class Cli {
    private Cli() {}

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs with {@code environment} as the only environment variables. */
    static Result run(Map<String, String> environment, String... args) {
        return run(environment, System.out, args);
    }

    /** Like {@link #run(Map, String...)}, with the bytes of {@code depot blobs get} going to {@code binaryOut}. */
    static Result run(Map<String, String> environment, java.io.OutputStream binaryOut, String... args) {
        CommandLine cl = Main.newCommandLine(environment);
        ((DepotCommand) cl.getCommand()).binaryOut = binaryOut;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The store the tests use, in {@code dir}. */
    static String storeUrl(Path dir) {
        return "sqlite:" + dir.resolve("x.db");
    }

    /** The store of {@link #storeUrl(Path)}, with what {@code writes} puts into it through the library; returns its URL. */
    static String storeWith(Path dir, Consumer<Depot> writes) {
        String url = storeUrl(dir);
        try (Depot depot = Depot.open(url)) {
            writes.accept(depot);
        }
        return url;
    }
}
