package dev.depot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the report says about the machine: CPUs, memory, CPU model, JDK, load when the run started. */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        String load = read(Path.of("/proc/loadavg"));
        return "- CPUs (nproc): " + Runtime.getRuntime().availableProcessors() + "\n"
                + "- CPU model: " + cpu + "\n"
                + "- memory: " + mem + "\n"
                + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n"
                + "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
                + "- load average when the run started (1, 5, 15 min): " + String.join(" ", List.of(load.split(" ")).subList(0, 3))
                + " (with " + Runtime.getRuntime().availableProcessors() + " CPUs, a load above that means other work"
                + " shared them; ratios suffer less than absolute numbers, since Depot and its peer run one after"
                + " the other under the same conditions)";
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "? ? ?";
        }
    }
}
