package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.CatalogContractTest;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.glue.GlueClient;

/** The Glue catalog passes the Catalog contract against {@link GlueCatalogStub}, a stateful stub of the Glue Data Catalog. */
class GlueCatalogContractIT extends CatalogContractTest {
    private static final GlueCatalogStub STUB = new GlueCatalogStub();
    private static WireMockServer glue;

    private GlueClient client;

    @BeforeAll
    static void startStub() {
        glue = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(STUB));
        glue.start();
    }

    @AfterAll
    static void stopStub() {
        glue.stop();
    }

    @Override
    protected Catalog createCatalog() {
        STUB.reset(glue);
        client = AwsConfig.defaults("sa-east-1")
                .withEndpointOverride(URI.create(glue.baseUrl()))
                .withStaticCredentials("lagoa-access", "lagoa-secret")
                .glueClientBuilder()
                .overrideConfiguration(override -> override.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
        return new GlueCatalog(client);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }
}
