package dev.lagoa.local.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Lambda handlers (and things that are not) for the invoker's tests; their state is static, as the invoker creates them. */
final class TestHandlers {
    private TestHandlers() {}

    static void reset() {
        Recording.EVENTS.clear();
        Recording.CONTEXTS.clear();
        Recording.INSTANCES.set(0);
        Failing.FAILURES_LEFT.set(0);
        Failing.CALLS.set(0);
        Slow.SLEEP_MILLIS.set(0);
        Slow.INSTANCES.set(0);
        Slow.COMPLETED.set(0);
    }

    /** What a context told a handler. */
    record Seen(String functionName, String requestId, int remainingMillis, String arn, Object instance) {}

    /** Records every event it gets. */
    public static class Recording implements RequestHandler<S3Event, String> {
        static final List<S3Event> EVENTS = new CopyOnWriteArrayList<>();
        static final List<Seen> CONTEXTS = new CopyOnWriteArrayList<>();
        static final AtomicInteger INSTANCES = new AtomicInteger();

        public Recording() {
            INSTANCES.incrementAndGet();
        }

        @Override
        public String handleRequest(S3Event event, Context context) {
            context.getLogger().log("got " + event.getRecords().size() + " record(s)\n");
            EVENTS.add(event);
            CONTEXTS.add(new Seen(context.getFunctionName(), context.getAwsRequestId(), context.getRemainingTimeInMillis(),
                    context.getInvokedFunctionArn(), this));
            return "ok";
        }
    }

    /** Throws while it has failures left. */
    public static class Failing implements RequestHandler<S3Event, Void> {
        static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public Void handleRequest(S3Event event, Context context) {
            CALLS.incrementAndGet();
            if (FAILURES_LEFT.getAndDecrement() > 0) {
                throw new IllegalStateException("the refine job could not be started");
            }
            return null;
        }
    }

    /** Sleeps for {@code SLEEP_MILLIS} before it returns. */
    public static class Slow implements RequestHandler<S3Event, Void> {
        static final AtomicInteger SLEEP_MILLIS = new AtomicInteger();
        static final AtomicInteger INSTANCES = new AtomicInteger();
        static final AtomicInteger COMPLETED = new AtomicInteger();

        public Slow() {
            INSTANCES.incrementAndGet();
        }

        @Override
        public Void handleRequest(S3Event event, Context context) {
            try {
                Thread.sleep(SLEEP_MILLIS.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            COMPLETED.incrementAndGet();
            return null;
        }
    }

    /** Not a handler at all. */
    public static class NotAHandler {
        public String handleRequest(S3Event event, Context context) {
            return "no";
        }
    }

    /** A handler of another event type. */
    public static class StringHandler implements RequestHandler<String, String> {
        @Override
        public String handleRequest(String input, Context context) {
            return input;
        }
    }

    /** A handler Lambda could not create. */
    public static class NoDefaultConstructor implements RequestHandler<S3Event, Void> {
        public NoDefaultConstructor(String name) {}

        @Override
        public Void handleRequest(S3Event event, Context context) {
            return null;
        }
    }

    /** A handler bound to S3Event through a generic base class. */
    public abstract static class Base<I> implements RequestHandler<I, Void> {}

    public static class Derived extends Base<S3Event> {
        @Override
        public Void handleRequest(S3Event event, Context context) {
            return null;
        }
    }
}
