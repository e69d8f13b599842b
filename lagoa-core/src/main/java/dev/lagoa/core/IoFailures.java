package dev.lagoa.core;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * What went wrong with a connection, in words: the JDK says "connection refused" or "unknown host" only through the
 * exception's class (its message is often empty), and messages a person reads name no Java class.
 */
public final class IoFailures {
    private IoFailures() {}

    /** {@code "connection refused"}, {@code "unknown host api.example.com"}, {@code "no answer in time"}, ... or the message itself. */
    public static String describe(IOException failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        String detail = message.isEmpty() ? "" : ": " + message;
        if (failure instanceof HttpTimeoutException) {
            return "no answer in time" + detail;
        }
        if (failure instanceof ConnectException) {
            return message.isEmpty() || message.toLowerCase(Locale.ROOT).contains("refused") ? "connection refused" : "cannot connect" + detail;
        }
        if (failure instanceof UnknownHostException) {
            return message.isEmpty() ? "unknown host" : "unknown host " + message;
        }
        return message.isEmpty() ? "the connection failed (no detail given)" : message;
    }
}
