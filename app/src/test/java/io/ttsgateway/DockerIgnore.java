package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A build context's {@code .dockerignore}, matched as Docker does: patterns are anchored at the
 * context root, {@code *} and {@code ?} stay within one path element, {@code **} spans any number,
 * a pattern that matches a folder leaves out everything in it, {@code !} takes back, last match wins.
 */
final class DockerIgnore {

    static final String FILE = ".dockerignore";

    private record Rule(Pattern pattern, boolean exclude) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    static DockerIgnore read(Path context) throws IOException {
        Path file = context.resolve(FILE);
        List<Rule> rules = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String pattern = line.strip();
                if (pattern.isEmpty() || pattern.startsWith("#")) {
                    continue;
                }
                boolean exclude = !pattern.startsWith("!");
                rules.add(new Rule(regex(clean(exclude ? pattern : pattern.substring(1))), exclude));
            }
        }
        return new DockerIgnore(rules);
    }

    /**
     * Whether the file or folder at a context-relative, '/'-separated path is left out.
     */
    boolean excluded(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (rule.exclude() != excluded && matchesOrParentMatches(rule.pattern(), path)) {
                excluded = rule.exclude();
            }
        }
        return excluded;
    }

    /** Whether nothing below an excluded folder can be taken back, so it need not be walked. */
    boolean prunable(String folder) {
        return excluded(folder) && rules.stream().allMatch(Rule::exclude);
    }

    private static boolean matchesOrParentMatches(Pattern pattern, String path) {
        String candidate = path;
        while (true) {
            if (pattern.matcher(candidate).matches()) {
                return true;
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            candidate = candidate.substring(0, slash);
        }
    }

    private static String clean(String pattern) {
        String cleaned = pattern.replaceAll("/+", "/").replaceAll("^(\\./|/)+", "").replaceAll("/$", "");
        if (cleaned.contains("..") || cleaned.contains("[") || cleaned.contains("\\")) {
            throw new AssertionError(FILE + ": pattern " + pattern + " uses what the Dockerfile check does not"
                                             + " implement (.., [...] or \\)");
        }
        return cleaned;
    }

    private static Pattern regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && pattern.startsWith("**/", i)) {
                regex.append("(.*/)?");
                i += 2;
            } else if (c == '*' && pattern.startsWith("**", i)) {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
