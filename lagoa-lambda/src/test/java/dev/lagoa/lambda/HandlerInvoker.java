package dev.lagoa.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import dev.lagoa.contracts.FunctionHandler;
import java.util.List;

/**
 * What the Lambda runtime does with the package, in a JVM whose classpath is the Lambda jar and this class only:
 * creates every handler through its no-arg constructor (the AWS wiring from {@code LAGOA_*} environment variables),
 * then calls one of them with an object-created event. Arguments: the handler's {@link FunctionHandler} name, the
 * bucket and the key. Prints the handler's answer, or the failure with its class, and exits 1 on a failure.
 */
public final class HandlerInvoker {
    private HandlerInvoker() {}

    public static void main(String[] args) {
        try {
            RequestHandler<S3Event, ?> chosen = null;
            for (FunctionHandler function : FunctionHandler.values()) {
                RequestHandler<S3Event, ?> handler = create(function.handlerClass());
                if (function.name().equals(args[0])) {
                    chosen = handler;
                }
            }
            if (chosen == null) {
                throw new IllegalArgumentException("no function " + args[0]);
            }
            S3ObjectEntity object = new S3ObjectEntity(args[2], 1024L, "0123456789abcdef0123456789abcdef", null, "0055AED6DCD90281E5");
            S3Entity s3 = new S3Entity("lagoa-notification", new S3BucketEntity(args[1], null, "arn:aws:s3:::" + args[1]), object, "1.0");
            S3EventNotificationRecord record = new S3EventNotificationRecord("sa-east-1", "ObjectCreated:Put", "aws:s3",
                    "2022-12-08T21:00:00.000Z", "2.1", null, null, s3, null);
            System.out.println("answer: " + chosen.handleRequest(new S3Event(List.of(record)), null));
        } catch (Throwable e) {
            System.out.println("failure: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<S3Event, ?> create(String className) throws ReflectiveOperationException {
        return (RequestHandler<S3Event, ?>) Class.forName(className).getDeclaredConstructor().newInstance();
    }
}
