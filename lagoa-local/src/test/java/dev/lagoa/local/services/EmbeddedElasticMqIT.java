package dev.lagoa.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.local.Workspace;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * ElasticMQ in a child JVM, shared by the tests of this class, driven by the AWS SDK v2 SQS client exactly as SQS is:
 * queues with a dead-letter queue, send/receive/delete, messages kept across a restart, one server per workspace,
 * nothing left running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedElasticMqIT {
    private static final String QUEUE = "lagoa-diff-files";
    private static final String DEAD_LETTERS = "lagoa-diff-files-dlq";

    private Path temp;
    private Workspace workspace;
    private ServicesConfig config;
    private EmbeddedElasticMq sqs;
    private SqsClient client;

    @BeforeAll
    void startServer(@TempDir Path folder) {
        temp = folder;
        workspace = Workspace.open(temp.resolve("home"));
        config = ServicesTesting.config();
        sqs = EmbeddedElasticMq.start(workspace, config);
    }

    @AfterAll
    void stopServer() {
        if (sqs != null) {
            sqs.close();
        }
    }

    @BeforeEach
    void client() {
        client = SqsClient.builder()
                .endpointOverride(sqs.endpoint())
                .region(Region.of(EmbeddedElasticMq.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedElasticMq.accessKeyId(workspace), "any")))
                .build();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    @Order(1)
    void aQueueWithADeadLetterQueueSendsReceivesAndDeletes() {
        String deadLetters = client.createQueue(request -> request.queueName(DEAD_LETTERS)).queueUrl();
        String deadLettersArn = client.getQueueAttributes(request -> request.queueUrl(deadLetters).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrivePolicy = "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"1\"}".formatted(deadLettersArn);
        String queue = client.createQueue(request -> request.queueName(QUEUE)
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy, QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();

        assertThat(sqs.endpoint()).hasToString("http://127.0.0.1:" + config.sqsPort());
        assertThat(queue).isEqualTo("http://127.0.0.1:%d/%s/%s".formatted(config.sqsPort(), EmbeddedElasticMq.ACCOUNT_ID, QUEUE));
        assertThat(deadLettersArn).isEqualTo("arn:aws:sqs:us-east-1:000000000000:" + DEAD_LETTERS);
        assertThat(client.getQueueAttributes(request -> request.queueUrl(queue).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY)).contains(deadLettersArn);

        client.sendMessage(request -> request.queueUrl(queue).messageBody("s3://lagoa-diffs/2026-11-21/part-0.json"));
        Message received = receiveOne(queue);
        assertThat(received.body()).isEqualTo("s3://lagoa-diffs/2026-11-21/part-0.json");
        client.deleteMessage(request -> request.queueUrl(queue).receiptHandle(received.receiptHandle()));
        assertThat(client.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(2)).messages())
                .as("a deleted message is gone, also after its visibility timeout of 1 s").isEmpty();

        // A message received once and never deleted has used up maxReceiveCount 1: the next receive moves it aside.
        client.sendMessage(request -> request.queueUrl(queue).messageBody("poison"));
        assertThat(receiveOne(queue).body()).isEqualTo("poison");
        assertThat(client.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(3)).messages()).isEmpty();
        assertThat(receiveOne(deadLetters).body()).isEqualTo("poison");
    }

    @Test
    @Order(2)
    void aBrowsersFormPostOrARequestWithoutTheWorkspacesKeyIsRefused() throws Exception {
        String queue = client.getQueueUrl(request -> request.queueName(QUEUE)).queueUrl();
        // what any web page can send to 127.0.0.1 without a CORS preflight: a form-encoded POST
        String form = "Action=SendMessage&QueueUrl=" + URLEncoder.encode(queue, StandardCharsets.UTF_8) + "&MessageBody=forged";
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder post = HttpRequest.newBuilder(sqs.endpoint()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));

        HttpResponse<String> fromAPage = http.send(post.copy().header("Origin", "https://pagina-qualquer.example").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymous = http.send(post.copy().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(fromAPage.statusCode()).as(fromAPage.body()).isEqualTo(403);
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(403);
        try (SqsClient guessing = SqsClient.builder().endpointOverride(sqs.endpoint()).region(Region.of(EmbeddedElasticMq.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("lagoa", "lagoa"))).build()) {
            assertThatThrownBy(() -> guessing.sendMessage(request -> request.queueUrl(queue).messageBody("forged")))
                    .as("an SDK client without the workspace's access key")
                    .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        assertThat(client.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(1)).messages()).isEmpty();
        assertThat(Files.getPosixFilePermissions(EmbeddedElasticMq.accessKeyFile(workspace))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    @Order(3)
    void aSecondStartOnTheSameWorkspaceIsRefused() {
        assertThatThrownBy(() -> EmbeddedElasticMq.start(workspace, config))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVICE_ALREADY_RUNNING))
                .hasMessageStartingWith("Cannot start sqs: it is already running for the workspace " + workspace.home())
                .hasMessageContaining("pid " + sqs.pid());
    }

    @Test
    @Order(4)
    void anUnreceivedMessageSurvivesARestart() {
        String queue = client.getQueueUrl(request -> request.queueName(QUEUE)).queueUrl();
        client.sendMessage(request -> request.queueUrl(queue).messageBody("survivor"));
        long firstPid = sqs.pid();
        client.close();
        sqs.close();
        assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();

        sqs = EmbeddedElasticMq.start(workspace, config);
        client();

        assertThat(sqs.pid()).isNotEqualTo(firstPid);
        assertThat(client.listQueues().queueUrls()).hasSize(2).anyMatch(url -> url.endsWith("/" + QUEUE));
        assertThat(client.getQueueAttributes(request -> request.queueUrl(queue).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY)).as("the redrive policy is kept too").contains(DEAD_LETTERS);
        assertThat(receiveOne(queue).body()).isEqualTo("survivor");
    }

    @Test
    @Order(5)
    void closingLeavesNoProcessBehind() {
        long pid = sqs.pid();
        sqs.close();
        sqs = null;

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ServicesTesting.serviceChildren(EmbeddedElasticMq.NAME)).isEmpty();
        assertThat(workspace.home().resolve("services/sqs.pid")).doesNotExist();
    }

    private Message receiveOne(String queue) {
        List<Message> messages = client.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(5).maxNumberOfMessages(1)).messages();
        assertThat(messages).as("one message in " + queue).hasSize(1);
        return messages.get(0);
    }
}
