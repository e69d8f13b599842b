package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lineage.LineageSink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.datazone.DataZoneClient;

/**
 * OpenLineage run events to an Amazon DataZone (SageMaker Unified Studio) domain, one {@code PostLineageEvent} per
 * event ({@code POST /v2/domains/<domain>/lineage/events}, the event's JSON as the body), as the OpenLineage DataZone
 * transport sends them. The client token of each call is the SHA-256 of the event, so an event sent twice is taken
 * once. Needs the IAM action {@code datazone:PostLineageEvent} on the domain. Throttling is retried by the SDK.
 */
public final class DataZoneLineageSink implements LineageSink {
    private static final Pattern DOMAIN = Pattern.compile("dzd[-_][a-zA-Z0-9_-]{1,36}");
    private static final Logger LOG = LoggerFactory.getLogger(DataZoneLineageSink.class);

    private final DataZoneClient client;
    private final boolean ownsClient;
    private final String domain;

    /** A sink to {@code domain} ({@code dzd_...}) over {@code client}, which the caller keeps and closes. */
    public DataZoneLineageSink(DataZoneClient client, String domain) {
        this(client, false, domain);
    }

    private DataZoneLineageSink(DataZoneClient client, boolean ownsClient, String domain) {
        this.client = requireNonNull(client, "client is null");
        this.ownsClient = ownsClient;
        this.domain = requireDomain(domain);
    }

    /** A sink with its own DataZone client, built from {@code config} and closed with the sink. */
    public static DataZoneLineageSink create(AwsConfig config, String domain) {
        requireNonNull(config, "config is null");
        String checked = requireDomain(domain);
        return new DataZoneLineageSink(config.dataZoneClientBuilder().build(), true, checked);
    }

    static String requireDomain(String domain) {
        requireNonNull(domain, "domain is null");
        if (!DOMAIN.matcher(domain).matches()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "Invalid DataZone domain identifier '%s': the domain's id, such as dzd_4p9n6sw4qt9xgn".formatted(domain));
        }
        return domain;
    }

    @Override
    public void send(List<String> events) {
        requireNonNull(events, "events is null");
        int sent = 0;
        for (String event : events) {
            requireNonNull(event, "event is null");
            try {
                client.postLineageEvent(request -> request.domainIdentifier(domain).clientToken(clientToken(event))
                        .event(SdkBytes.fromUtf8String(event)));
            } catch (SdkException e) {
                LagoaException failure = AwsErrors.service("DataZone", "send lineage event %d of %d to".formatted(sent + 1, events.size()),
                        "DataZone domain " + domain, "datazone:PostLineageEvent", "", ErrorCode.OBJECT_NOT_FOUND, e);
                throw new LagoaException(failure.errorCode(), failure.getMessage() + " (%d sent before)".formatted(sent), e);
            }
            sent++;
        }
        LOG.info("Sent {} lineage event(s) to DataZone domain {}", sent, domain);
    }

    /** The same event always has the same token: DataZone takes a call again with the same token once. */
    static String clientToken(String event) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(event.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    @Override
    public String describe() {
        return "DataZone domain " + domain;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
