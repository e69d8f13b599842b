package dev.lagoa.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for typed option values whose picocli defaults would quote a Java exception ("cannot convert 'ontem' to
 * LocalDate (java.time.format.DateTimeParseException: ...)"): each says what the value must look like instead.
 */
final class OptionValues {
    private OptionValues() {}

    static void register(CommandLine commandLine) {
        commandLine.registerConverter(LocalDate.class, OptionValues::date);
        commandLine.registerConverter(URI.class, OptionValues::url);
        commandLine.registerConverter(Integer.class, value -> number(value, Integer::parseInt));
        commandLine.registerConverter(Integer.TYPE, value -> number(value, Integer::parseInt));
        commandLine.registerConverter(Long.class, value -> number(value, Long::parseLong));
        commandLine.registerConverter(Long.TYPE, value -> number(value, Long::parseLong));
    }

    static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'%s' is not a date: use YYYY-MM-DD".formatted(value));
        }
    }

    static URI url(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new TypeConversionException("'%s' is not a URL: %s".formatted(value, e.getReason()));
        }
    }

    private static <N> N number(String value, java.util.function.Function<String, N> parse) {
        try {
            return parse.apply(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'%s' is not a whole number".formatted(value));
        }
    }
}
