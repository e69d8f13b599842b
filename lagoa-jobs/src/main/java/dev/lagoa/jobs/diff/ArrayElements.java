package dev.lagoa.jobs.diff;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Finds the elements of a JSON array by its structure alone: brackets, braces, strings and their escapes, commas.
 * Each element's bytes are then parsed on their own, so a malformed element is one reject and reading goes on at the
 * next element. Only a defect that hides where the next element starts (a bracket closing the wrong kind, the file
 * ending inside an element or before the closing {@code ]}, content where a {@code ,} or {@code ]} should be) stops
 * the reading, as a {@link Kind#BROKEN} result that names the byte offset. Structural bytes are ASCII, so this works
 * on bytes: invalid UTF-8 inside an element is the element's problem, found when it is parsed.
 */
final class ArrayElements {
    enum Kind { ELEMENT, TRAILING_COMMA, END, BROKEN }

    /**
     * One result: an element ({@code bytes} holds its first {@code kept} bytes, at most {@code limit + 1};
     * {@code length} is its full length), the end of the array, or why the rest cannot be read.
     */
    record Element(Kind kind, byte[] bytes, int kept, long length, long offset, long line, String problem) {}

    private final InputStream in;
    private final int limit;
    private final byte[] buffer = new byte[1 << 16];
    private int position0;
    private int count;
    private long offset;
    private long line;
    private boolean opened;
    private boolean first = true;
    private boolean finished;
    private byte[] element = new byte[1024];
    private int kept;
    private long length;
    private byte[] stack = new byte[64];

    /**
     * {@code in} is positioned at byte {@code offset} of the file, on line {@code line}, before white space and the
     * array's {@code [}.
     */
    ArrayElements(InputStream in, long offset, long line, int limit) {
        this.in = in;
        this.offset = offset;
        this.line = line;
        this.limit = limit;
    }

    /** The byte offset of the next byte to read. */
    long offset() {
        return offset;
    }

    /** The next element, the end, or the reason the rest of the array cannot be read; null after END or BROKEN. */
    Element next() throws IOException {
        if (finished) {
            return null;
        }
        if (!opened) {
            opened = true;
            int open = skipWhitespace();
            if (open != '[') {
                return broken("not a JSON array", offset - 1);
            }
        }
        int c = skipWhitespace();
        if (!first) {
            if (c == ']') {
                return end();
            }
            if (c != ',') {
                return broken(c < 0 ? "the file ends before the closing ']' of the array"
                        : "expected ',' or ']' after an element, found %s at byte offset %d".formatted(describe(c), offset - 1), offset - (c < 0 ? 0 : 1));
            }
            c = skipWhitespace();
            if (c == ']') {
                Element end = end();
                return end.kind() == Kind.END ? new Element(Kind.TRAILING_COMMA, new byte[0], 0, 0, end.offset(), end.line(), null) : end;
            }
        } else if (c == ']') {
            return end();
        }
        first = false;
        if (c < 0) {
            return broken("the file ends before the closing ']' of the array", offset);
        }
        return element(c);
    }

    private Element element(int firstByte) throws IOException {
        long start = offset - 1;
        long startLine = line;
        kept = 0;
        length = 0;
        append(firstByte);
        int depth = 0;
        boolean inString = false;
        if (firstByte == '{' || firstByte == '[') {
            push(firstByte, depth++);
        } else if (firstByte == '"') {
            inString = true;
        } else if (!isScalarByte(firstByte)) {
            return broken("expected an element, found %s at byte offset %d".formatted(describe(firstByte), start), start);
        } else {
            // a number or a literal: up to the next delimiter, which the caller reads next
            while (true) {
                int c = peek();
                if (c < 0 || !isScalarByte(c)) {
                    return done(start, startLine);
                }
                append(read());
            }
        }
        while (true) {
            int c = read();
            if (c < 0) {
                return broken("the file ends inside an element that starts at byte offset %d".formatted(start), start);
            }
            append(c);
            if (inString) {
                if (c == '\\') {
                    int escaped = read();
                    if (escaped < 0) {
                        return broken("the file ends inside an element that starts at byte offset %d".formatted(start), start);
                    }
                    append(escaped);
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return done(start, startLine);
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                push(c, depth++);
            } else if (c == '}' || c == ']') {
                int open = stack[--depth];
                if ((c == '}' && open != '{') || (c == ']' && open != '[')) {
                    return broken("'%c' at byte offset %d closes a '%c' of the element that starts at byte offset %d"
                            .formatted((char) c, offset - 1, (char) open, start), offset - 1);
                }
                if (depth == 0) {
                    return done(start, startLine);
                }
            }
        }
    }

    private Element done(long start, long startLine) {
        return new Element(Kind.ELEMENT, element, kept, length, start, startLine, null);
    }

    /** After the closing bracket: only white space may follow. */
    private Element end() throws IOException {
        long at = offset - 1;
        long atLine = line;
        int c = skipWhitespace();
        if (c >= 0) {
            return broken("content after the closing ']' of the array, at byte offset %d".formatted(offset - 1), offset - 1);
        }
        finished = true;
        return new Element(Kind.END, new byte[0], 0, 0, at, atLine, null);
    }

    private Element broken(String problem, long at) {
        finished = true;
        return new Element(Kind.BROKEN, new byte[0], 0, 0, at, line, problem);
    }

    private void push(int c, int depth) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, stack.length * 2);
        }
        stack[depth] = (byte) c;
    }

    private void append(int c) {
        length++;
        if (kept <= limit) {
            if (kept == element.length) {
                element = Arrays.copyOf(element, (int) Math.min((long) element.length * 2, (long) limit + 1));
            }
            element[kept++] = (byte) c;
        }
    }

    private static boolean isScalarByte(int c) {
        return c > ' ' && c != ',' && c != ']' && c != '[' && c != '{' && c != '}' && c != '"' && c != ':';
    }

    private static String describe(int c) {
        return c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : "byte 0x%02x".formatted(c);
    }

    private int skipWhitespace() throws IOException {
        while (true) {
            int c = read();
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return c;
            }
        }
    }

    private int peek() throws IOException {
        if (position0 == count && !fill()) {
            return -1;
        }
        return buffer[position0] & 0xff;
    }

    private int read() throws IOException {
        if (position0 == count && !fill()) {
            return -1;
        }
        int c = buffer[position0++] & 0xff;
        offset++;
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            count = 0;
            position0 = 0;
            return false;
        }
        count = n;
        position0 = 0;
        return true;
    }
}
