package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.ttsgateway.Dockerfile.Instruction;

/**
 * RUN for {@link ImageRehearsal}: what may run on this machine, and running it as Docker would
 * ({@code /bin/sh -c}, the stage's environment only, the WORKDIR).
 */
final class ImageShell {

    /** Docker's shell for the shell form. */
    static final String SHELL = "/bin/sh";
    /** Need root and change the machine: left out and recorded; the test checks what they are for. */
    private static final Set<String> PRIVILEGED = Set.of("groupadd", "useradd", "usermod", "addgroup", "adduser",
                                                         "chown", "chgrp");
    /** Would install software on this machine; refused. */
    private static final Set<String> REFUSED = Set.of("apt-get", "apt", "dpkg", "apk", "yum", "dnf", "sudo");
    /** The home folder is the machine's here (for ~/.m2): a RUN must not use it. */
    private static final Pattern HOME_REFERENCE = Pattern.compile("~|\\$\\{?HOME\\b|\\.m2\\b");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

    private ImageShell() {
    }

    /**
     * The RUN's command with each privileged command of its {@code &&} chain replaced by
     * {@code true}; those go to {@code notRun}. Fails on what it will not run here.
     */
    static String isolate(Instruction instruction, List<String> notRun) {
        if (!instruction.flags().isEmpty() || instruction.execForm()) {
            throw new AssertionError(instruction.where() + ": RUN with flags or in exec form is not understood");
        }
        String command = instruction.arguments();
        if (commands(REFUSED).matcher(command).find() || HOME_REFERENCE.matcher(command).find()) {
            throw new AssertionError(instruction.where() + ": installs software or uses the home folder (~/.m2 is"
                                             + " shared with this machine); the check will not run that here");
        }
        StringBuilder isolated = new StringBuilder();
        for (String part : command.split("&&", -1)) {
            boolean privileged = PRIVILEGED.contains(part.strip().split("\\s+")[0]);
            if (privileged) {
                notRun.add("Dockerfile line " + instruction.line() + ": " + part.strip().replaceAll("\\s+", " ")
                                   + " (needs root)");
            }
            isolated.append(isolated.isEmpty() ? "" : "&&").append(privileged ? " true " : part);
        }
        if (commands(PRIVILEGED).matcher(isolated).find()) {
            throw new AssertionError(instruction.where() + ": a user or ownership change outside a plain && chain;"
                                             + " the check cannot leave it out");
        }
        return isolated.toString();
    }

    /** Runs a command with exactly this environment (plus HOME, for ~/.m2); fails with its last lines. */
    static void run(Instruction instruction, String command, Path workdir, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(SHELL, "-c", command).directory(workdir.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("HOME", System.getProperty("user.home"));
        long started = System.nanoTime();
        Process process = builder.start();
        ProcessOutput output = ProcessOutput.pump(process, "  | ");
        if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(instruction.where() + ": still running after " + RUN_TIMEOUT);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(instruction.where() + " failed with exit status " + process.exitValue()
                                             + "; its last lines:\n" + output.tail());
        }
        ImageRehearsal.log("  done in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
    }

    private static Pattern commands(Set<String> names) {
        return Pattern.compile("(^|[\\s;&|(])(" + String.join("|", names) + ")(?=\\s|$)");
    }
}
