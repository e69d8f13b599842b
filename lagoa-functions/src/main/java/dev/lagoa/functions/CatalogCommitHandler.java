package dev.lagoa.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.commit.TableCommitRegistrar;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function that keeps the catalog in step with the refine jobs: for each new table commit manifest
 * ({@code catalog-commits/<table>/....json}) of an object-created event it runs the {@link TableCommitRegistrar} use
 * case, which creates or updates the table and registers its partitions, and logs what it did.
 *
 * <p>Arguments are never null; a manifest that cannot be read fails the invocation with {@code MALFORMED_TABLE_COMMIT}.
 */
public final class CatalogCommitHandler implements RequestHandler<S3Event, String> {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogCommitHandler.class);

    private final TableCommitRegistrar registrar;

    /** On AWS Lambda: S3 and the Glue Data Catalog from the function's environment. */
    public CatalogCommitHandler() {
        this(AwsFunctionEnvironment.fromSystem());
    }

    private CatalogCommitHandler(AwsFunctionEnvironment environment) {
        this(environment.objectStore(), environment.catalog(), environment.lake().catalogDatabase());
    }

    /** Registers the manifests that {@code objectStore} holds into {@code database} of {@code catalog}. */
    public CatalogCommitHandler(ObjectStore objectStore, Catalog catalog, String database) {
        this.registrar = new TableCommitRegistrar(objectStore, catalog, database);
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        List<String> outcomes = new ArrayList<>();
        if (event.getRecords() != null) {
            for (S3EventNotificationRecord record : event.getRecords()) {
                String outcome = handle(record.getS3().getBucket().getName(), record.getS3().getObject().getUrlDecodedKey());
                LOG.info("{}", outcome);
                outcomes.add(outcome);
            }
        }
        return String.join("\n", outcomes);
    }

    /** Registers one manifest; returns what changed, for people. */
    public String handle(String bucketName, String key) {
        TableCommitRegistrar.Registration registration = registrar.register(BucketName.of(bucketName), key);
        registration.warning().ifPresent(warning -> LOG.warn("{}", warning));
        return registration.summary();
    }
}
