package dev.lagoa.benchmarks;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Summarises a JFR recording's CPU samples (jdk.ExecutionSample): the hottest methods by self time, the
 * hottest methods counted inclusively (anywhere on the stack) for a package prefix, and samples by thread.
 *
 * <pre>java -cp ... dev.lagoa.benchmarks.JfrSummary recording.jfr [--prefix dev.lagoa.] [--top 25]</pre>
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    public static void main(String[] argv) throws IOException {
        if (argv.length < 1) {
            System.err.println("usage: JfrSummary recording.jfr [--prefix dev.lagoa.] [--top 25]");
            System.exit(2);
        }
        Path file = Path.of(argv[0]);
        String[] rest = new String[argv.length - 1];
        System.arraycopy(argv, 1, rest, 0, rest.length);
        Args args = new Args(rest);
        String prefix = args.get("prefix", "dev.lagoa.");
        int top = Integer.parseInt(args.get("top", "25"));

        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> prefixInclusive = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> byCaller = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            total++;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1L, Long::sum);
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0).getMethod()), 1L, Long::sum);
            String caller = "(no " + prefix + "* frame)";
            for (RecordedFrame f : frames) {
                String n = name(f.getMethod());
                if (n.startsWith(prefix)) {
                    caller = n;
                    break;
                }
            }
            byCaller.merge(name(frames.get(0).getMethod()) + "  <-  " + caller, 1L, Long::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f.getMethod());
                if (seen.add(n)) {
                    inclusive.merge(n, 1L, Long::sum);
                    if (n.startsWith(prefix)) {
                        prefixInclusive.merge(n, 1L, Long::sum);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d execution samples in %s%n", total, file);
        print("top methods by self samples", self, total, top);
        print("top methods anywhere on the stack", inclusive, total, top);
        print(prefix + "* methods anywhere on the stack", prefixInclusive, total, top);
        print("self method <- nearest " + prefix + "* caller", byCaller, total, top);
        print("samples by thread", threads, total, 10);
    }

    private static String name(RecordedMethod m) {
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    private static void print(String title, Map<String, Long> counts, long total, int top) {
        System.out.println();
        System.out.println("## " + title);
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(top)
            .forEach(x -> System.out.printf(Locale.ROOT, "%6.1f%%  %7d  %s%n", 100.0 * x.getValue() / total, x.getValue(), x.getKey()));
    }
}
