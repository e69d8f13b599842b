package dev.lagoa.core.lake;

import static dev.lagoa.core.ErrorCode.INVALID_BUCKET_NAME;
import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.util.regex.Pattern;

/**
 * An S3 bucket name, valid by the general purpose bucket naming rules of Amazon S3: 3 to 63 characters, lower-case
 * letters, digits, dots and hyphens, starting and ending with a letter or digit, no two adjacent dots, not shaped
 * like an IP address, no reserved prefix or suffix. The local lake keeps the same rules so that what runs locally
 * deploys unchanged.
 */
public record BucketName(String value) {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9.-]*[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    public BucketName {
        requireNonNull(value, "value is null");
        String problem = problem(value);
        if (problem != null) {
            throw new LagoaException(INVALID_BUCKET_NAME, "Invalid bucket name '%s': %s".formatted(printable(value), problem));
        }
    }

    public static BucketName of(String value) {
        return new BucketName(value);
    }

    /** Returns why {@code name} is not a valid bucket name, or null when it is. */
    public static String problem(String name) {
        if (name.length() < 3 || name.length() > 63) {
            return "must be 3 to 63 characters long, not " + name.length();
        }
        if (name.indexOf('_') >= 0) {
            return "underscores are not allowed (use hyphens)";
        }
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            return "upper-case letters are not allowed";
        }
        if (!ALLOWED.matcher(name).matches()) {
            return "only lower-case letters, digits, dots and hyphens are allowed, and it must begin and end with a letter or digit";
        }
        if (name.contains("..")) {
            return "two adjacent periods are not allowed";
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            return "must not be formatted as an IP address";
        }
        for (String prefix : new String[] {"xn--", "sthree-", "amzn-s3-demo-"}) {
            if (name.startsWith(prefix)) {
                return "the prefix '" + prefix + "' is reserved";
            }
        }
        for (String suffix : new String[] {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
            if (name.endsWith(suffix)) {
                return "the suffix '" + suffix + "' is reserved";
            }
        }
        return null;
    }

    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.length() > 200 ? out + "..." : out.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
