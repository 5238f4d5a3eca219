package io.ttsgateway;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

import io.ttsgateway.Dockerfile.Instruction;

/** COPY's file handling for {@link ImageRehearsal}. */
final class ImageFiles {

    private ImageFiles() {
    }

    /**
     * Copies a file, or a folder's contents, as COPY does: a file into a folder when the
     * destination is one (or ends in /), else to the destination's name.
     *
     * @param excluded what to leave out
     * @param prunable excluded folders whose contents need not be looked at
     * @return how many files were copied
     */
    static int copy(Instruction instruction, Path source, Path target, boolean intoFolder,
                    Predicate<Path> excluded, Predicate<Path> prunable) throws IOException {
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new AssertionError(instruction.where() + ": " + source + " does not exist there");
        }
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            Path file = intoFolder || Files.isDirectory(target) ? target.resolve(source.getFileName().toString())
                    : target;
            Files.createDirectories(file.getParent());
            Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                       LinkOption.NOFOLLOW_LINKS);
            return 1;
        }
        int[] files = {0};
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(source) && excluded.test(dir)) {
                    return prunable.test(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!excluded.test(file)) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                               LinkOption.NOFOLLOW_LINKS);
                    files[0]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files[0];
    }
}
