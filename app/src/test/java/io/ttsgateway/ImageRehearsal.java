package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ttsgateway.Dockerfile.Instruction;
import io.ttsgateway.Dockerfile.Stage;

/**
 * Carries out a Dockerfile's stages on this machine, without an engine: each stage that starts from
 * an image gets a folder of its own standing for "/", every absolute path the Dockerfile writes is
 * moved into it, COPY brings in exactly what it would (the build context through
 * {@code .dockerignore}, or another stage's folder), and RUN runs with {@code /bin/sh -c} in the
 * WORKDIR. The machine's JDK stands in for a JDK base image, and the home folder is shared so
 * Maven uses the machine's {@code ~/.m2}. Steps go to {@link System#out} (the test's output file).
 */
final class ImageRehearsal {

    /**
     * What the final stage would start, in this machine's paths.
     *
     * @param root        the folder standing for its "/"
     * @param command     ENTRYPOINT and CMD
     * @param environment its ENV
     * @param workdir     its WORKDIR
     * @param volumes     its VOLUMEs
     * @param healthcheck its HEALTHCHECK command, or {@code null}
     * @param user        its USER, or {@code null}
     * @param notRun      what was recorded but not carried out, and why
     */
    record Container(Path root, List<String> command, Map<String, String> environment, Path workdir,
                     List<Path> volumes, List<String> healthcheck, String user, List<String> notRun) {
    }

    /** Base images whose JDK this machine's JDK stands in for. */
    private static final Pattern JDK_IMAGE = Pattern.compile("eclipse-temurin:(\\d+)-jdk.*");
    private static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** An absolute path where a shell word or a PATH element starts (not inside a URL or a/b). */
    private static final Pattern ABSOLUTE = Pattern.compile("(?<![\\w.$}/~-])/(?=[\\w.-])");
    /** Absolute paths left as they are: devices, the same in every container. */
    private static final String DEVICES = "/dev/";
    private static final Set<String> COPY_FLAGS = Set.of("from", "chown", "chmod", "link");

    private final Path context;
    private final Path folder;
    private final DockerIgnore ignore;
    private final Dockerfile dockerfile;
    private final List<String> notRun = new ArrayList<>();
    private final Map<String, String> globalArgs = new HashMap<>();
    private final Set<String> imageRoots;

    /** A stage being carried out; a stage FROM another shares its folder. */
    private static final class State {
        final String name;
        final Path root;
        final Map<String, String> env;
        final Map<String, String> args = new HashMap<>();
        final List<Path> volumes;
        Path workdir;
        List<String> entrypoint;
        boolean shellEntrypoint;
        List<String> cmd;
        List<String> healthcheck;
        String user;

        State(String name, Path root, Map<String, String> env, State parent) {
            this.name = name;
            this.root = root;
            this.env = new LinkedHashMap<>(env);
            this.volumes = parent == null ? new ArrayList<>() : new ArrayList<>(parent.volumes);
            this.workdir = parent == null ? root : parent.workdir;
            this.entrypoint = parent == null ? List.of() : parent.entrypoint;
            this.shellEntrypoint = parent != null && parent.shellEntrypoint;
            this.cmd = parent == null ? List.of() : parent.cmd;
            this.healthcheck = parent == null ? null : parent.healthcheck;
            this.user = parent == null ? null : parent.user;
        }

        String variable(String name) {
            return env.containsKey(name) ? env.get(name) : args.get(name);
        }
    }

    ImageRehearsal(Path context, Path folder) throws IOException {
        this.context = context.toAbsolutePath().normalize();
        this.folder = folder.toAbsolutePath().normalize();
        this.ignore = DockerIgnore.read(this.context);
        this.dockerfile = Dockerfile.parse(this.context.resolve("Dockerfile"));
        this.imageRoots = imageRoots(dockerfile);
    }

    /** Carries out every stage the final one needs; returns what the final one would start. */
    Container rehearse() throws IOException, InterruptedException {
        dockerfile.globalArgs().forEach(arg -> declare(arg, globalArgs, globalArgs::get));
        Set<String> needed = needed(dockerfile.stages().getLast(), new HashSet<>());
        Map<String, State> built = new HashMap<>();
        State state = null;
        for (Stage stage : dockerfile.stages()) {
            if (!needed.contains(stage.name())) {
                log("stage " + stage.name() + ": the final stage does not need it; not built");
                continue;
            }
            state = start(stage, built);
            for (Instruction instruction : stage.instructions()) {
                carryOut(instruction, state, built);
            }
            built.put(stage.name(), state);
        }
        List<String> command = new ArrayList<>(state.entrypoint);
        if (command.isEmpty() || !state.shellEntrypoint) {
            command.addAll(state.cmd);
        }
        if (command.isEmpty()) {
            throw new AssertionError("the final stage has neither ENTRYPOINT nor CMD");
        }
        notRun.forEach(line -> log("not carried out: " + line));
        return new Container(state.root, command, Map.copyOf(state.env), state.workdir, List.copyOf(state.volumes),
                             state.healthcheck, state.user, List.copyOf(notRun));
    }

    private Set<String> needed(Stage stage, Set<String> needed) {
        if (needed.add(stage.name())) {
            List<String> from = new ArrayList<>(List.of(stage.base().toLowerCase(Locale.ROOT)));
            stage.instructions().stream().filter(i -> i.flags().containsKey("from"))
                    .forEach(i -> from.add(i.flags().get("from").toLowerCase(Locale.ROOT)));
            dockerfile.stages().stream().filter(s -> from.contains(s.name())).forEach(s -> needed(s, needed));
        }
        return needed;
    }

    private State start(Stage stage, Map<String, State> built) throws IOException {
        String base = Dockerfile.words(stage.base(), globalArgs::get).getFirst();
        State parent = built.get(base.toLowerCase(Locale.ROOT));
        if (parent != null) {
            log("stage " + stage.name() + ": FROM stage " + parent.name + ", in its folder " + parent.root);
            return new State(stage.name(), parent.root, parent.env, parent);
        }
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", SYSTEM_PATH));
        Matcher jdk = JDK_IMAGE.matcher(base);
        if (jdk.matches()) {
            String javaHome = System.getProperty("java.home");
            env.put("JAVA_HOME", javaHome);
            env.put("PATH", javaHome + "/bin:" + SYSTEM_PATH);
            log("stage " + stage.name() + ": FROM " + base + " (JDK " + jdk.group(1) + "); this machine's JDK "
                        + Runtime.version().feature() + " stands in: " + javaHome);
        } else {
            log("stage " + stage.name() + ": FROM " + base + " (no JDK)");
        }
        Path root = folder.resolve(stage.name());
        Files.createDirectories(root);
        return new State(stage.name(), root, env, null);
    }

    private void carryOut(Instruction instruction, State state, Map<String, State> built)
            throws IOException, InterruptedException {
        String arguments = instruction.arguments();
        switch (instruction.keyword()) {
        case "ARG" -> declare(instruction, state.args, globalArgs::get);
        case "ENV" -> environment(instruction, state);
        case "WORKDIR" -> {
            state.workdir = map(state, words(instruction, rewrite(state, arguments, false), state, 1).getFirst());
            Files.createDirectories(state.workdir);
        }
        case "COPY" -> copy(instruction, state, built);
        case "RUN" -> run(instruction, state);
        case "USER" -> state.user = words(instruction, arguments, state, 1).getFirst();
        case "VOLUME" -> {
            List<String> paths = instruction.execForm() ? Dockerfile.execForm(instruction, arguments)
                    : Dockerfile.words(arguments, state::variable);
            for (String path : paths) {
                state.volumes.add(map(state, path));
                Files.createDirectories(state.volumes.getLast());
            }
        }
        case "HEALTHCHECK" -> state.healthcheck = arguments.equals("NONE") ? null
                : command(instruction, state, arguments.replaceFirst("^CMD\\s+", ""));
        case "ENTRYPOINT" -> {
            state.entrypoint = command(instruction, state, arguments);
            state.shellEntrypoint = !instruction.execForm();
            state.cmd = List.of();
        }
        case "CMD" -> state.cmd = command(instruction, state, arguments);
        case "EXPOSE", "LABEL" -> log("recorded: " + instruction.where());
        default -> throw new AssertionError(instruction.where() + ": not expected in a stage");
        }
    }

    private static void declare(Instruction arg, Map<String, String> into, UnaryOperator<String> global) {
        for (String word : Dockerfile.words(arg.arguments(), into::get)) {
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            into.put(name, equals < 0 ? global.apply(name) : word.substring(equals + 1));
        }
    }

    private void environment(Instruction instruction, State state) {
        String text = rewrite(state, instruction.arguments(), false);
        List<String> words = Dockerfile.words(text, state::variable);
        if (!words.isEmpty() && !words.getFirst().contains("=")) { // the old ENV NAME value form
            String name = words.getFirst();
            state.env.put(name, String.join(" ", Dockerfile.words(text.strip().substring(name.length()),
                                                                   state::variable)));
            return;
        }
        for (String word : words) {
            int equals = word.indexOf('=');
            state.env.put(word.substring(0, equals), word.substring(equals + 1));
        }
    }

    private void copy(Instruction instruction, State state, Map<String, State> built) throws IOException {
        for (String flag : instruction.flags().keySet()) {
            if (!COPY_FLAGS.contains(flag)) {
                throw new AssertionError(instruction.where() + ": COPY --" + flag + " is not understood");
            }
            if (!flag.equals("from") && !flag.equals("link")) {
                notRun.add(instruction.where() + ": --" + flag + " (ownership and modes need root)");
            }
        }
        List<String> words = instruction.execForm() ? Dockerfile.execForm(instruction, instruction.arguments())
                : Dockerfile.words(instruction.arguments(), state::variable);
        if (words.size() < 2 || words.size() > 2 && !words.getLast().endsWith("/")) {
            throw new AssertionError(instruction.where() + ": expected sources and a destination (a folder, ending"
                                             + " in /, for several sources)");
        }
        String destination = words.getLast();
        boolean intoFolder = destination.endsWith("/") || destination.equals(".");
        Path target = map(state, destination);
        String from = instruction.flags().get("from");
        State source = from == null ? null : built.get(from.toLowerCase(Locale.ROOT));
        if (from != null && source == null) {
            throw new AssertionError(instruction.where() + ": --from=" + from + " is not an earlier stage");
        }
        int files = 0;
        for (String word : words.subList(0, words.size() - 1)) {
            if (word.matches(".*[*?\\[].*")) {
                throw new AssertionError(instruction.where() + ": wildcards in COPY sources are not understood");
            }
            String relative = word.replaceAll("^(\\./|/)+", "").replaceAll("/+$", "");
            if (source != null) {
                files += ImageFiles.copy(instruction, source.root.resolve(relative).normalize(), target,
                                         intoFolder, path -> false, path -> false);
            } else if (!relative.isEmpty() && ignore.excluded(relative)) {
                throw new AssertionError(instruction.where() + ": " + DockerIgnore.FILE + " leaves out " + word);
            } else {
                files += ImageFiles.copy(instruction, context.resolve(relative).normalize(), target, intoFolder,
                                         path -> ignore.excluded(context.relativize(path).toString()),
                                         path -> ignore.prunable(context.relativize(path).toString()));
            }
        }
        log("COPY (" + state.name + ", line " + instruction.line() + ") " + String.join(" ", words) + ": "
                    + files + " files into " + target);
    }

    private void run(Instruction instruction, State state) throws IOException, InterruptedException {
        String command = rewrite(state, ImageShell.isolate(instruction, notRun), true);
        log("RUN (" + state.name + ", line " + instruction.line() + ") in " + state.workdir + ": " + command);
        Map<String, String> environment = new HashMap<>();
        state.args.forEach((name, value) -> environment.put(name, value == null ? "" : value));
        environment.putAll(state.env);
        ImageShell.run(instruction, command, state.workdir, environment);
    }

    private List<String> command(Instruction instruction, State state, String text) {
        String rewritten = rewrite(state, text, false);
        return text.startsWith("[") ? Dockerfile.execForm(instruction, rewritten) : List.of(ImageShell.SHELL, "-c", rewritten);
    }

    private static List<String> words(Instruction instruction, String text, State state, int count) {
        List<String> words = Dockerfile.words(text, state::variable);
        if (words.size() != count) {
            throw new AssertionError(instruction.where() + ": expected " + count + " argument(s)");
        }
        return words;
    }

    /**
     * Moves absolute paths written in the text into the stage's folder: all of them (RUN: nothing
     * outside the folder is touched), or those under a top folder the image makes (so that a URL
     * path in a HEALTHCHECK stays as it is).
     */
    private String rewrite(State state, String text, boolean all) {
        return ABSOLUTE.matcher(text).replaceAll(match -> {
            String top = text.substring(match.end()).split("[^\\w.-]", 2)[0];
            boolean move = !text.startsWith(DEVICES, match.start()) && (all || imageRoots.contains(top));
            return Matcher.quoteReplacement(move ? state.root + "/" : "/");
        });
    }

    /** The top folders the Dockerfile makes or fills (WORKDIR, COPY, VOLUME, RUN). */
    private static Set<String> imageRoots(Dockerfile dockerfile) {
        Set<String> roots = new HashSet<>();
        dockerfile.stages().stream().flatMap(stage -> stage.instructions().stream())
                .filter(i -> Set.of("WORKDIR", "COPY", "VOLUME", "RUN").contains(i.keyword()))
                .forEach(i -> ABSOLUTE.matcher(i.arguments()).results().map(
                        match -> i.arguments().substring(match.end()).split("[^\\w.-]", 2)[0]).forEach(roots::add));
        return roots;
    }

    /** A path of the image (absolute or relative to WORKDIR) in this machine's terms. */
    private Path map(State state, String path) {
        Path mapped = path.startsWith(folder.toString()) ? Path.of(path)
                : path.startsWith("/") ? state.root.resolve(path.substring(1)) : state.workdir.resolve(path);
        mapped = mapped.normalize();
        if (!mapped.startsWith(state.root)) {
            throw new AssertionError(path + " leaves the image");
        }
        return mapped;
    }

    static void log(String line) {
        System.out.println("[dockerfile] " + line);
    }
}
