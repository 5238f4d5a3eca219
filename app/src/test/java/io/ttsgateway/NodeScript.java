package io.ttsgateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a script of the repository's {@code e2e/} folder with Node, for the checks that need the
 * npm ecosystem (the AsyncAPI validator, Playwright). {@code test.sh} installs the packages with
 * {@code npm ci}; a missing installation fails the test with the command that fixes it, so the
 * check can never be skipped silently.
 */
final class NodeScript {

    /** Longest a script may run before it is killed and the test fails. */
    private static final long TIMEOUT_SECONDS = 120;

    private NodeScript() {
    }

    /**
     * The result of one run.
     *
     * @param exitCode the process's exit code
     * @param output   what it printed, stdout and stderr merged
     */
    record Result(int exitCode, String output) {
    }

    /**
     * The repository's {@code e2e/} folder, with its packages installed.
     *
     * @return the folder
     */
    static Path e2eDirectory() {
        Path candidate = repositoryFile("e2e/package.json").getParent();
        if (!Files.isDirectory(candidate.resolve("node_modules"))) {
            fail("e2e packages are not installed: run `npm ci --prefix " + candidate + "` (test.sh does)");
        }
        return candidate;
    }

    /**
     * A file of the repository, found from the folder the tests run in (a module's) upwards.
     *
     * @param relative its path from the repository's root
     * @return the file
     */
    static Path repositoryFile(String relative) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return fail("no " + relative + " above " + start);
    }

    /**
     * Runs {@code node e2e/<script> args...} and waits for it.
     *
     * @param script the script's file name inside {@code e2e/}
     * @param args   its arguments
     * @return exit code and output
     */
    static Result run(String script, String... args) throws IOException, InterruptedException {
        Path dir = e2eDirectory();
        List<String> command = new ArrayList<>(List.of("node", dir.resolve(script).toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("node-" + script, ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("node " + script + " did not finish in " + TIMEOUT_SECONDS + " s:\n"
                             + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
