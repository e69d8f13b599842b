package dev.lagoa.local.function;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handler class AWS Lambda runs, in-process: the local side of a function target of an object-created
 * notification. The handler must implement {@code RequestHandler<S3Event, O>} and have a public no-arg constructor;
 * it is loaded from the control plane's classpath, created once and reused for every event (as a warm Lambda
 * execution environment), and called with the {@link S3Event} that the Lambda Java runtime would build from the same
 * S3 event JSON (through the runtime's own serialization library), so the object key in the event is URL-encoded as
 * on AWS: handlers decode it ({@code getUrlDecodedKey()}).
 *
 * <p>Each invocation runs in a worker thread and is given the configured timeout; a handler that throws or does not
 * return in time fails the invocation with a {@link LagoaException} ({@code FUNCTION_FAILED}, {@code
 * FUNCTION_TIMEOUT}), so that the dispatcher does not record the notification and delivers it again on its next scan.
 * After a timeout the instance is dropped (Lambda discards such an environment too) and the next event gets a new one.
 * Errors in the handler class itself (not found, not a handler for S3 events, no public no-arg constructor) are
 * {@code INVALID_PIPELINE} errors naming the class.
 */
public final class LocalFunctionInvoker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFunctionInvoker.class);

    /** What one invocation did. */
    public record Invocation(String handlerClass, String requestId, List<String> keys, Duration duration) {}

    private final ClassLoader classLoader;
    private final Function<String, Optional<RequestHandler<S3Event, ?>>> localInstances;
    private final Duration timeout;
    private final String region;
    private final Map<String, RequestHandler<S3Event, ?>> handlers = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private volatile PojoSerializer<S3Event> serializer;

    /** An invoker for handlers on the classpath of this class, each created by its public no-arg constructor. */
    public LocalFunctionInvoker(Duration timeout, String region) {
        this(LocalFunctionInvoker.class.getClassLoader(), timeout, region, handlerClass -> Optional.empty());
    }

    /**
     * An invoker that asks {@code localInstances} for each handler first: the local runtime gives a handler its local
     * ports (as the function's environment gives it the AWS ones on Lambda). A handler it has none for is created by
     * its public no-arg constructor, which every handler must have in any case.
     */
    public LocalFunctionInvoker(ClassLoader classLoader, Duration timeout, String region,
            Function<String, Optional<RequestHandler<S3Event, ?>>> localInstances) {
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
        this.localInstances = requireNonNull(localInstances, "localInstances is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.region = requireNonNull(region, "region is null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lagoa-function-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(classLoader);
            return thread;
        });
    }

    /**
     * Calls the handler {@code handlerClass} with the S3 event notification {@code eventJson} (the message the lake
     * sends); returns when it did, throws a {@link LagoaException} when it did not.
     */
    public Invocation invoke(String handlerClass, String eventJson) {
        requireNonNull(handlerClass, "handlerClass is null");
        requireNonNull(eventJson, "eventJson is null");
        RequestHandler<S3Event, ?> handler = handler(handlerClass);
        S3Event event = event(eventJson);
        List<String> keys = event.getRecords() == null ? List.of()
                : event.getRecords().stream().map(LocalFunctionInvoker::describe).toList();
        String requestId = UUID.randomUUID().toString();
        String functionName = functionName(handlerClass);
        long started = System.nanoTime();
        LocalContext context = new LocalContext(functionName, requestId, region, started + timeout.toNanos(),
                LoggerFactory.getLogger(handlerClass));
        Future<?> result = workers.submit(() -> handler.handleRequest(event, context));
        try {
            result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            handlers.remove(handlerClass, handler);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.debug("Function {} ({}) for {}: timed out after {} ms (request {})", functionName, handlerClass, String.join(", ", keys),
                    took.toMillis(), requestId);
            throw new LagoaException(ErrorCode.FUNCTION_TIMEOUT, "Function %s timed out after %s for %s (the timeout is serve.notifications.function-timeout)"
                    .formatted(handlerClass, timeout, String.join(", ", keys)));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            // the caller reports the failure (the dispatcher, once per object and reason); the stack trace is for debugging
            LOG.debug("Function {} ({}) for {}: failed after {} ms (request {}): {}", functionName, handlerClass, String.join(", ", keys),
                    took.toMillis(), requestId, cause.toString(), cause);
            throw new LagoaException(ErrorCode.FUNCTION_FAILED, "Function %s failed for %s: %s".formatted(functionName, String.join(", ", keys),
                    cause instanceof LagoaException lagoa ? lagoa.getMessage() : cause.toString()), cause);
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new LagoaException(ErrorCode.FUNCTION_FAILED, "Interrupted while function %s ran for %s".formatted(handlerClass, String.join(", ", keys)), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("Function {} ({}) for {}: succeeded in {} ms (request {})", functionName, handlerClass, String.join(", ", keys), took.toMillis(),
                requestId);
        return new Invocation(handlerClass, requestId, keys, took);
    }

    /** The handler instance for a class, created on first use and reused after. */
    RequestHandler<S3Event, ?> handler(String handlerClass) {
        RequestHandler<S3Event, ?> handler = handlers.get(handlerClass);
        if (handler != null) {
            return handler;
        }
        synchronized (handlers) {
            return handlers.computeIfAbsent(handlerClass, this::create);
        }
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<S3Event, ?> create(String handlerClass) {
        Class<?> type;
        try {
            type = Class.forName(handlerClass, true, classLoader);
        } catch (ClassNotFoundException e) {
            throw invalid(handlerClass, "it is not on the classpath");
        } catch (LinkageError e) {
            throw new LagoaException(ErrorCode.INVALID_PIPELINE, "Function handler %s cannot be loaded: %s".formatted(handlerClass, e), e);
        }
        if (!RequestHandler.class.isAssignableFrom(type)) {
            throw invalid(handlerClass, "it does not implement " + RequestHandler.class.getName());
        }
        Type input = inputType(type);
        if (input != S3Event.class) {
            throw invalid(handlerClass, "its input type is " + (input == null ? "not declared" : input.getTypeName()) + ", not " + S3Event.class.getName());
        }
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            throw invalid(handlerClass, "it is abstract");
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw invalid(handlerClass, "it has no public no-arg constructor");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw invalid(handlerClass, "it is not public");
        }
        try {
            Optional<RequestHandler<S3Event, ?>> local = localInstances.apply(handlerClass);
            RequestHandler<S3Event, ?> handler = local.isPresent() ? local.get() : (RequestHandler<S3Event, ?>) constructor.newInstance();
            LOG.info("Function {} ({}) initialised", functionName(handlerClass), handlerClass);
            return handler;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new LagoaException(ErrorCode.FUNCTION_FAILED, "Function %s failed to initialise: %s".formatted(handlerClass, cause), cause);
        } catch (ReflectiveOperationException e) {
            throw invalid(handlerClass, "it cannot be created (" + e + ")");
        }
    }

    private static LagoaException invalid(String handlerClass, String why) {
        return new LagoaException(ErrorCode.INVALID_PIPELINE, ("Function handler %s cannot run: %s; a function target must name a public class with a "
                + "public no-arg constructor implementing RequestHandler<S3Event, O>").formatted(handlerClass, why));
    }

    /** The {@code I} of {@code RequestHandler<I, O>} as {@code type} binds it, through superclasses and interfaces. */
    static Type inputType(Class<?> type) {
        return inputType(type, Map.of());
    }

    private static Type inputType(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> own = new HashMap<>();
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] arguments = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length; i++) {
                own.put(variables[i], resolve(arguments[i], bindings));
            }
            if (raw == RequestHandler.class) {
                Type input = own.get(variables[0]);
                return input instanceof TypeVariable<?> ? null : input;
            }
        } else if (type instanceof Class<?> plain) {
            raw = plain;
            if (raw == RequestHandler.class) {
                return null; // the raw interface: no input type declared
            }
        } else {
            return null;
        }
        List<Type> supertypes = new java.util.ArrayList<>(List.of(raw.getGenericInterfaces()));
        if (raw.getGenericSuperclass() != null) {
            supertypes.add(raw.getGenericSuperclass());
        }
        for (Type supertype : supertypes) {
            Class<?> superRaw = supertype instanceof ParameterizedType p ? (Class<?>) p.getRawType() : supertype instanceof Class<?> c ? c : null;
            if (superRaw != null && RequestHandler.class.isAssignableFrom(superRaw)) {
                return inputType(supertype, own);
            }
        }
        return null;
    }

    private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        return type instanceof TypeVariable<?> variable && bindings.containsKey(variable) ? bindings.get(variable) : type;
    }

    /** The event the Lambda Java runtime builds from the same JSON. */
    private S3Event event(String eventJson) {
        PojoSerializer<S3Event> current = serializer;
        if (current == null) {
            current = LambdaEventSerializers.serializerFor(S3Event.class, classLoader);
            serializer = current;
        }
        try {
            return current.fromJson(eventJson);
        } catch (RuntimeException e) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "Not an S3 event notification Lambda can read: " + e.getMessage(), e);
        }
    }

    private static String describe(S3EventNotification.S3EventNotificationRecord record) {
        if (record.getS3() == null || record.getS3().getBucket() == null || record.getS3().getObject() == null) {
            return "(a record without an object)";
        }
        return "s3://" + record.getS3().getBucket().getName() + "/" + record.getS3().getObject().getUrlDecodedKey();
    }

    /** A function's name: the handler's simple class name. */
    static String functionName(String handlerClass) {
        String name = handlerClass.substring(handlerClass.lastIndexOf('.') + 1);
        return name.substring(name.lastIndexOf('$') + 1);
    }

    /** The handler classes that have a live instance. */
    public List<String> warm() {
        return handlers.keySet().stream().sorted().collect(Collectors.toList());
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handlers.clear();
    }
}
