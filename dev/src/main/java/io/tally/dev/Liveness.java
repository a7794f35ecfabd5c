package io.tally.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process runs, by its state in {@code /proc}: a zombie (killed, its parent gone, never
 * reaped because this machine's init does not reap) answers {@code kill -0} and
 * {@link ProcessHandle#isAlive()} as alive, but runs nothing (issue 37).
 */
public final class Liveness {

    private Liveness() {}

    /** The state letter of {@code /proc/PID/stat} (R, S, D, T, Z...), or null when there is none. */
    public static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String rest = stat.substring(stat.lastIndexOf(')') + 2);
            return rest.substring(0, 1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True when the process exists and is neither a zombie nor dead (a stopped one runs). */
    public static boolean runs(long pid) {
        String state = state(pid);
        return state != null && !state.equals("Z") && !state.equals("X") && !state.equals("x");
    }
}
