package dev.lagoa.deploy.construct;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;
import software.constructs.MetadataOptions;

/**
 * Acknowledged findings of the validation rule packs (cdk-nag's AWS Solutions rules), each with the reason it is
 * acceptable here. A finding is acknowledged on the construct it concerns, and only that finding: a granular rule
 * such as {@code AwsSolutions-IAM5} is acknowledged per wildcard ({@code AwsSolutions-IAM5[Resource::<arn>]}), so a
 * new wildcard without a reason still fails the validation.
 *
 * <p>{@code Validations.acknowledge} refuses an id with more than one {@code ::}, which every granular finding on an
 * ARN has ({@code arn:aws:s3:::}, {@code <AWS::Region>}; cdklabs/cdk-nag#2359). Such an id is recorded as
 * {@code acknowledge} records it: in the construct's {@link Validations#ACKNOWLEDGED_RULES_METADATA_KEY} metadata,
 * which the rule packs read.
 */
public final class Acknowledgments {
    private Acknowledgments() {}

    public static void add(IConstruct scope, String id, String reason) {
        requireNonNull(scope, "scope is null");
        requireNonNull(id, "id is null");
        requireNonNull(reason, "reason is null");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("Acknowledgment " + id + " needs a reason");
        }
        if (id.split("::", -1).length <= 2) {
            Validations.of(scope).acknowledge(Acknowledgment.builder().id(id).reason(reason).build());
        } else {
            scope.getNode().addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Map.of(id, reason), MetadataOptions.builder().stackTrace(false).build());
        }
    }
}
