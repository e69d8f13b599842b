package dev.lagoa.governance.classify;

import java.util.List;
import java.util.regex.Pattern;

/**
 * IP addresses: IPv4 in dotted decimal without leading zeros ({@code 192.168.0.10}), IPv6 in the RFC 4291 text forms
 * (eight groups of 1 to 4 hex digits, one {@code ::} for a run of zeros, an optional dotted IPv4 tail). Parsed by hand:
 * {@link java.net.InetAddress} would look a host name up in DNS.
 */
final class IpAddressDetector implements Detector {
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final List<List<String>> NAME_SIGNALS = ColumnNames.phrases(
            "ip", "ipv4", "ipv6", "ip address", "endereco ip", "remote addr", "remote address");

    @Override
    public PiiTag tag() {
        return PiiTag.IP_ADDRESS;
    }

    @Override
    public String rule() {
        return "ip-address";
    }

    @Override
    public String description() {
        return "IPv4 in dotted decimal without leading zeros, or IPv6 in RFC 4291 text form (eight hex groups, one :: allowed, "
                + "an optional IPv4 tail)";
    }

    @Override
    public List<List<String>> nameSignals() {
        return NAME_SIGNALS;
    }

    @Override
    public boolean matches(String value, boolean nameSignal) {
        return value.length() <= 45 && (IPV4.matcher(value).matches() || isIpv6(value));
    }

    /** The network's first part only: {@code 192.*.*.*}, {@code 2001:*:*:*:*:*:*:*}. */
    @Override
    public String mask(String value) {
        if (IPV4.matcher(value).matches()) {
            return value.substring(0, value.indexOf('.')) + ".*.*.*";
        }
        String first = value.startsWith("::") ? "0" : value.substring(0, value.indexOf(':'));
        return first + ":*:*:*:*:*:*:*";
    }

    static boolean isIpv6(String value) {
        if (value.indexOf(':') < 0) {
            return false;
        }
        int groups = 0;
        String hexPart = value;
        if (value.indexOf('.') >= 0) {
            int lastColon = value.lastIndexOf(':');
            if (!IPV4.matcher(value.substring(lastColon + 1)).matches()) {
                return false;
            }
            groups = 2;
            String head = value.substring(0, lastColon + 1);
            hexPart = head.endsWith("::") ? head : head.substring(0, lastColon);
        }
        int compressed = hexPart.indexOf("::");
        if (compressed >= 0 && hexPart.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        if (compressed >= 0) {
            int head = countGroups(hexPart.substring(0, compressed));
            int tail = countGroups(hexPart.substring(compressed + 2));
            return head >= 0 && tail >= 0 && head + tail + groups <= 7;
        }
        int count = countGroups(hexPart);
        return count >= 0 && count + groups == 8;
    }

    /** Groups in a colon-separated run of hex groups ({@code ""} has none), or -1 when one is not 1-4 hex digits. */
    private static int countGroups(String run) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        for (String part : parts) {
            if (!HEX_GROUP.matcher(part).matches()) {
                return -1;
            }
        }
        return parts.length;
    }
}
