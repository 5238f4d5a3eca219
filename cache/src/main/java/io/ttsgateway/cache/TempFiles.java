package io.ttsgateway.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates the temporary files entries are written to, under the cache's {@code tmp} directory:
 * readable by the owner only where the file system has POSIX permissions (what
 * {@code Files.createTempFile} gives), opened for writing by the call that creates them. Unlike
 * {@code Files.createTempFile} there is no second open and no {@code SecureRandom} per file: the
 * names only need to be unique in this directory, which creating them exclusively guarantees.
 */
final class TempFiles {

    /** Names taken by another process sharing the directory are skipped; this many in a row is an error. */
    private static final int MAX_ATTEMPTS = 100;
    private static final Set<StandardOpenOption> CREATE_FOR_WRITING =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private final Path directory;
    private final FileAttribute<?>[] attributes;
    private final AtomicLong next = new AtomicLong(ThreadLocalRandom.current().nextLong() >>> 1);

    /**
     * Creates files in a directory.
     *
     * @param directory where the files go; it exists
     */
    TempFiles(Path directory) {
        this.directory = directory;
        this.attributes = directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
    }

    /**
     * A new file, open for writing.
     *
     * @param path    where it is
     * @param channel its channel, positioned at its start
     */
    record Created(Path path, FileChannel channel) {
    }

    /**
     * Creates a new empty file for an entry.
     *
     * @param key the entry's key, whose first digits start the name (to tell leftovers apart)
     * @return the file, open for writing
     * @throws IOException when it cannot be created
     */
    Created create(CacheKey key) throws IOException {
        String prefix = key.hex().substring(0, 8) + "-";
        for (int attempt = 1; ; attempt++) {
            Path path = directory.resolve(prefix + Long.toString(next.getAndIncrement() & Long.MAX_VALUE, 36)
                                                  + EntryFormat.TEMP_SUFFIX);
            try {
                return new Created(path, FileChannel.open(path, CREATE_FOR_WRITING, attributes));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
