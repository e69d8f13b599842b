package dev.lagoa.aws.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One IAM statement a role needs: actions allowed on resources, and why. Resources are ARNs in which
 * {@code ${AWS::Region}} and {@code ${AWS::AccountId}} stand for the deployment's region and account, as in a
 * CloudFormation {@code Fn::Sub}; {@code *} where the action has no resource-level permission.
 */
public record Permission(String sid, List<String> actions, List<String> resources, String reason) {
    public Permission {
        requireNonNull(sid, "sid is null");
        actions = List.copyOf(requireNonNull(actions, "actions is null"));
        resources = List.copyOf(requireNonNull(resources, "resources is null"));
        requireNonNull(reason, "reason is null");
        if (!sid.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("A statement id holds letters and digits only: " + sid);
        }
        if (actions.isEmpty() || resources.isEmpty()) {
            throw new IllegalArgumentException("Statement " + sid + " needs actions and resources");
        }
    }

    /** The same statement with every resource rewritten ({@code ${AWS::AccountId}} replaced by a known account). */
    public Permission mapResources(UnaryOperator<String> mapping) {
        return new Permission(sid, actions, resources.stream().map(mapping).toList(), reason);
    }
}
