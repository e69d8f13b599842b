package dev.lagoa.local.services;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The generated secrets of a workspace's local services: each kept in a file readable by its owner only (mode 600),
 * created on first use and read by every Lagoa process of the workspace. Loopback is not a boundary (any program of
 * the machine, and pages a browser loads, reach 127.0.0.1), so the services ask for them.
 */
final class ServiceCredentials {
    private static final int LENGTH = 32;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private ServiceCredentials() {}

    /** The secret in {@code file}, generated (32 letters and digits) when the file does not exist yet. */
    static synchronized String secret(String service, Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.getParent());
            SecureRandom random = new SecureRandom();
            StringBuilder secret = new StringBuilder(LENGTH);
            for (int i = 0; i < LENGTH; i++) {
                secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, secret, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                // another process may have created it meanwhile: the first one wins
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                Files.deleteIfExists(temporary);
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.SERVICE_START_FAILED, "Cannot read or create the %s credentials in %s: %s".formatted(service, file, e.getMessage()), e);
        }
    }
}
