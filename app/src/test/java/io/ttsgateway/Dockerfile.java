package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Dockerfile read into its global ARGs and stages, for {@link ImageRehearsal}. Fails on an
 * instruction it does not know rather than leaving it out.
 *
 * @param globalArgs the ARGs before the first FROM
 * @param stages     the stages, in order
 */
record Dockerfile(List<Instruction> globalArgs, List<Stage> stages) {

    /** The instructions {@link ImageRehearsal} carries out or checks; any other fails the parse. */
    static final Set<String> KNOWN = Set.of("FROM", "ARG", "ENV", "WORKDIR", "COPY", "RUN", "USER", "EXPOSE",
                                            "VOLUME", "LABEL", "HEALTHCHECK", "ENTRYPOINT", "CMD");
    private static final char ESCAPE = '\\';
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One instruction, continuation lines joined.
     *
     * @param line      its first line in the file
     * @param keyword   upper case
     * @param flags     leading {@code --name=value} options
     * @param arguments the rest, as written
     */
    record Instruction(int line, String keyword, Map<String, String> flags, String arguments) {
        String where() {
            return "Dockerfile line " + line + " (" + keyword + " " + arguments + ")";
        }

        boolean execForm() {
            return arguments.startsWith("[");
        }
    }

    /**
     * A build stage.
     *
     * @param name         its AS name, or its index
     * @param base         the image or stage it starts from, variables not yet substituted
     * @param instructions its instructions after FROM
     */
    record Stage(String name, String base, List<Instruction> instructions) {
    }

    static Dockerfile parse(Path file) throws IOException {
        List<Instruction> global = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        for (Instruction instruction : instructions(Files.readAllLines(file))) {
            if (!KNOWN.contains(instruction.keyword())) {
                throw new AssertionError(instruction.where() + ": the Dockerfile check does not know " + instruction
                        .keyword() + "; teach ImageRehearsal what it does before using it");
            }
            if (instruction.keyword().equals("FROM")) {
                List<String> words = List.of(instruction.arguments().split("\\s+")); // variables: when run
                boolean named = words.size() == 3 && words.get(1).equalsIgnoreCase("AS");
                if (words.size() != 1 && !named || !instruction.flags().isEmpty()) {
                    throw new AssertionError(instruction.where() + ": expected FROM image [AS name]");
                }
                stages.add(new Stage(named ? words.get(2).toLowerCase(Locale.ROOT) : String.valueOf(stages.size()),
                                     words.getFirst(), new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.getLast().instructions().add(instruction);
            } else if (instruction.keyword().equals("ARG")) {
                global.add(instruction);
            } else {
                throw new AssertionError(instruction.where() + ": only ARG may come before the first FROM");
            }
        }
        if (stages.isEmpty()) {
            throw new AssertionError("Dockerfile has no FROM");
        }
        return new Dockerfile(global, stages);
    }

    /** Joins continuation lines, drops comments and blank lines, splits off keyword and flags. */
    private static List<Instruction> instructions(List<String> lines) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue; // comments and blank lines end nothing, even inside a continuation
            }
            if (pending.isEmpty()) {
                start = i + 1;
            }
            String content = line.stripTrailing();
            if (content.charAt(content.length() - 1) == ESCAPE) {
                pending.append(content, 0, content.length() - 1);
                continue;
            }
            pending.append(content);
            instructions.add(instruction(start, pending.toString().strip()));
            pending.setLength(0);
        }
        if (!pending.isEmpty()) {
            throw new AssertionError("Dockerfile line " + start + ": continuation runs past the end of the file");
        }
        return instructions;
    }

    private static Instruction instruction(int line, String text) {
        String[] parts = text.split("\\s+", 2);
        String rest = parts.length > 1 ? parts[1].strip() : "";
        Map<String, String> flags = new LinkedHashMap<>();
        while (rest.startsWith("--")) {
            String[] flag = rest.split("\\s+", 2);
            int equals = flag[0].indexOf('=');
            flags.put(equals < 0 ? flag[0].substring(2) : flag[0].substring(2, equals),
                      equals < 0 ? "" : flag[0].substring(equals + 1));
            rest = flag.length > 1 ? flag[1].strip() : "";
        }
        return new Instruction(line, parts[0].toUpperCase(Locale.ROOT), flags, rest);
    }

    /** An exec-form JSON array of strings. */
    static List<String> execForm(Instruction instruction, String json) {
        try {
            return List.of(MAPPER.readValue(json, String[].class));
        } catch (IOException e) {
            throw new AssertionError(instruction.where() + ": not a JSON array of strings", e);
        }
    }

    /**
     * Splits text into words as Docker does for ENV, ARG, COPY, WORKDIR and FROM: whitespace
     * separates, quotes group and are removed, and {@code $NAME}, {@code ${NAME}} and
     * {@code ${NAME:-default}} are replaced outside single quotes.
     */
    static List<String> words(String text, UnaryOperator<String> variables) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == ESCAPE && quote != '\'' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (c == '$' && quote != '\'' && i + 1 < text.length()) {
                i = substitute(text, i, word, variables);
            } else {
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new AssertionError("unclosed quote in: " + text);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the value of the variable at {@code text[dollar]}; returns the index of its last character. */
    private static int substitute(String text, int dollar, StringBuilder out, UnaryOperator<String> variables) {
        if (text.charAt(dollar + 1) == '{') {
            int close = text.indexOf('}', dollar);
            if (close < 0) {
                throw new AssertionError("unclosed ${ in: " + text);
            }
            String expression = text.substring(dollar + 2, close);
            int fallback = expression.indexOf(":-");
            String name = fallback < 0 ? expression : expression.substring(0, fallback);
            String value = variables.apply(name);
            out.append(value != null && !value.isEmpty() ? value
                               : fallback < 0 ? "" : expression.substring(fallback + 2));
            return close;
        }
        int end = dollar + 1;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        if (end == dollar + 1) {
            out.append('$');
            return dollar;
        }
        String value = variables.apply(text.substring(dollar + 1, end));
        out.append(value == null ? "" : value);
        return end - 1;
    }
}
