package dev.lagoa.local.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.event.ObjectCreated;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * S3 event notifications in the JSON shape Amazon S3 sends to SQS and Lambda ({@code eventVersion} 2.1): written for
 * the local lake's object-created events, and read back by consumers, locally and on AWS alike. The object key is
 * URL-encoded in the message, as S3 encodes it (spaces as {@code +}, slashes kept).
 */
public final class S3EventMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventMessages() {}

    /** The notification message of one created object. */
    public static String toJson(ObjectCreated event, String configurationId, String region) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1")
                .put("eventSource", "aws:s3")
                .put("awsRegion", region)
                .put("eventTime", event.eventTime().toString())
                .put("eventName", event.eventName());
        record.putObject("userIdentity").put("principalId", "lagoa");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements")
                .put("x-amz-request-id", event.sequencer())
                .put("x-amz-id-2", UUID.nameUUIDFromBytes((event.uri() + event.sequencer()).getBytes(StandardCharsets.UTF_8)).toString());
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", configurationId);
        s3.putObject("bucket")
                .put("name", event.bucket().value())
                .put("arn", "arn:aws:s3:::" + event.bucket().value())
                .putObject("ownerIdentity").put("principalId", "lagoa");
        s3.putObject("object")
                .put("key", encodeKey(event.key().value()))
                .put("size", event.size())
                .put("eTag", event.eTag())
                .put("sequencer", event.sequencer());
        ObjectNode message = JSON.createObjectNode();
        message.putArray("Records").add(record);
        return message.toString();
    }

    /** The key as S3 writes it in notifications. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /**
     * The object-created records of a message; empty for the {@code s3:TestEvent} S3 sends when a notification is
     * configured, and for records of other event types. Throws a user error naming what is wrong with a message
     * that is not an S3 event notification.
     */
    public static List<ObjectCreated> parse(String body) {
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (IOException e) {
            throw invalid("it is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (message == null || !message.isObject()) {
            throw invalid("it is not a JSON object");
        }
        if ("s3:TestEvent".equals(message.path("Event").asText())) {
            return List.of();
        }
        JsonNode records = message.get("Records");
        if (!(records instanceof ArrayNode)) {
            throw invalid("it has no Records array");
        }
        List<ObjectCreated> events = new ArrayList<>();
        for (JsonNode record : records) {
            if (!"aws:s3".equals(record.path("eventSource").asText()) || !record.path("eventName").asText().startsWith("ObjectCreated:")) {
                continue;
            }
            JsonNode object = record.path("s3").path("object");
            try {
                events.add(new ObjectCreated(
                        BucketName.of(text(record.path("s3").path("bucket"), "name")),
                        ObjectKey.of(URLDecoder.decode(text(object, "key"), StandardCharsets.UTF_8)),
                        object.path("size").asLong(),
                        object.path("eTag").asText(""),
                        object.path("sequencer").asText(""),
                        Instant.parse(text(record, "eventTime")),
                        record.path("eventName").asText()));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw invalid("a record is malformed (" + e.getMessage() + ")");
            }
        }
        return events;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid("a record has no " + field);
        }
        return value.asText();
    }

    private static LagoaException invalid(String why) {
        return new LagoaException(ErrorCode.INVALID_ARGUMENT, "Not an S3 event notification: " + why);
    }
}
