package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprints of a load's source data, fed page by page as the pages pass (a response as it is archived, so that
 * nothing reads the archive a second time for it): of the responses and the endpoint's configuration, versioned (what
 * a load stores), and of the responses alone (what earlier versions stored, still recognised). Each page counts with
 * its end, so that the same bytes cut into other pages are other data.
 *
 * <p>Not thread-safe; arguments are never null.
 */
final class LoadFingerprint {
    private final MessageDigest withConfiguration = sha256();
    private final MessageDigest responsesOnly = sha256();
    private String withConfigurationHex;
    private String responsesOnlyHex;

    /** @param configuration what, besides the source data, decides the rows a load writes */
    LoadFingerprint(String configuration) {
        withConfiguration.update(requireNonNull(configuration, "configuration is null").getBytes(StandardCharsets.UTF_8));
        withConfiguration.update((byte) 0);
    }

    /** Adds a page held in memory. */
    void page(byte[] body) {
        requireNonNull(body, "body is null");
        checkOpen();
        withConfiguration.update(body);
        responsesOnly.update(body);
        endPage();
    }

    /** Adds a page read from {@code in} to its end (the caller closes it). */
    void page(InputStream in) throws IOException {
        requireNonNull(in, "in is null");
        checkOpen();
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            withConfiguration.update(buffer, 0, n);
            responsesOnly.update(buffer, 0, n);
        }
        endPage();
    }

    /** Of the responses and the configuration, starting with {@link LoadJournal#FINGERPRINT_VERSION}; no page may follow. */
    String withConfiguration() {
        finish();
        return withConfigurationHex;
    }

    /** Of the responses alone; no page may follow. */
    String responsesOnly() {
        finish();
        return responsesOnlyHex;
    }

    private void endPage() {
        withConfiguration.update((byte) 0);
        responsesOnly.update((byte) 0);
    }

    private void finish() {
        if (withConfigurationHex == null) {
            withConfigurationHex = LoadJournal.FINGERPRINT_VERSION + HexFormat.of().formatHex(withConfiguration.digest());
            responsesOnlyHex = HexFormat.of().formatHex(responsesOnly.digest());
        }
    }

    private void checkOpen() {
        if (withConfigurationHex != null) {
            throw new IllegalStateException("The fingerprint is complete: no page can be added");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
