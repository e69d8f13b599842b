package dev.lagoa.deploy.construct;

import dev.lagoa.aws.access.Permission;
import dev.lagoa.aws.access.RoleSpec;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.FromRoleArnOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The roles of one pipeline, from the access plan and nothing else. Managed: one {@code Role} per {@link RoleSpec}
 * named as the plan names it, trusted by its service, with ONE inline policy holding exactly the plan's statements
 * (resources through {@code Fn::Sub}). Existing: each role imported immutable from its ARN, given as a stack parameter
 * whose default is the role file's ARN, so the template holds no IAM resource. No grant or {@code addToPolicy} is ever
 * called: every statement of a template is one of the plan's.
 *
 * <p>Each wildcard of a managed role's statements ({@code AwsSolutions-IAM5}) is acknowledged on that role with the
 * reason the plan gives its statement; a wildcard the plan does not state is not acknowledged.
 */
public final class Roles extends Construct {
    public static final String POLICY_NAME = "lagoa";
    private final Map<String, IRole> roles = new LinkedHashMap<>();

    /**
     * @param existingArns empty for managed roles; else the ARN of every role of {@code specs}
     * @param variables values of the statements' {@code ${Name}} placeholders that are neither pseudo parameters nor
     *     stack parameters (the lake stack's exports)
     */
    public Roles(Construct scope, String id, List<RoleSpec> specs, Map<String, String> existingArns, Map<String, String> variables) {
        super(scope, id);
        for (RoleSpec spec : specs) {
            if (existingArns.isEmpty()) {
                Role role = Role.Builder.create(this, spec.name())
                        .roleName(spec.name())
                        .description(truncate(spec.purpose()))
                        .assumedBy(new ServicePrincipal(spec.assumedBy().principal()))
                        .inlinePolicies(Map.of(POLICY_NAME, document(spec.permissions(), variables)))
                        .build();
                wildcardReasons(spec).forEach((finding, reason) -> Acknowledgments.add(role, "AwsSolutions-IAM5[" + finding + "]", reason));
                roles.put(spec.name(), role);
            } else {
                String arn = existingArns.get(spec.name());
                if (arn == null) {
                    throw new IllegalArgumentException("No ARN for role " + spec.name());
                }
                CfnParameter parameter = CfnParameter.Builder.create(scope, parameterName(spec.name())).type("String").defaultValue(arn)
                        .description("ARN of the existing role for " + spec.name() + " (lagoa aws roles lists what it must hold)").build();
                roles.put(spec.name(), Role.fromRoleArn(this, spec.name(), parameter.getValueAsString(),
                        FromRoleArnOptions.builder().mutable(false).build()));
            }
        }
    }

    /**
     * The plan's statements as a policy document; {@code ${AWS::Region}}, stack parameters and {@code variables}
     * through {@code Fn::Sub}.
     */
    public static PolicyDocument document(List<Permission> permissions, Map<String, String> variables) {
        return PolicyDocument.Builder.create().statements(permissions.stream().map(permission -> PolicyStatement.Builder.create()
                .sid(permission.sid()).effect(Effect.ALLOW).actions(permission.actions())
                .resources(permission.resources().stream().map(resource -> resource(resource, variables)).toList()).build()).toList()).build();
    }

    static String resource(String resource, Map<String, String> variables) {
        if (!resource.contains("${")) {
            return resource;
        }
        Map<String, String> used = new TreeMap<>();
        variables.forEach((name, value) -> {
            if (resource.contains("${" + name + "}")) {
                used.put(name, value);
            }
        });
        return used.isEmpty() ? Fn.sub(resource) : Fn.sub(resource, used);
    }

    /**
     * The wildcard findings of a role's statements, as cdk-nag names them ({@code Resource::arn:aws:s3:::b/raw/*},
     * placeholders as {@code <AWS::Region>}), each with the reasons of the statements that hold it.
     */
    static Map<String, String> wildcardReasons(RoleSpec spec) {
        Map<String, Set<String>> reasons = new TreeMap<>();
        for (Permission permission : spec.permissions()) {
            String reason = permission.sid() + ": " + permission.reason();
            for (String action : permission.actions()) {
                if (action.contains("*")) {
                    reasons.computeIfAbsent("Action::" + action, key -> new LinkedHashSet<>()).add(reason);
                }
            }
            for (String resource : permission.resources()) {
                if (resource.contains("*")) {
                    reasons.computeIfAbsent("Resource::" + resource.replace("${", "<").replace("}", ">"), key -> new LinkedHashSet<>()).add(reason);
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        reasons.forEach((finding, texts) -> out.put(finding, "Wildcard of the access plan's statement " + String.join("; ", texts)));
        return out;
    }

    /** {@code lagoa-diff-diff-job} is {@code RoleArnLagoaDiffDiffJob}. */
    public static String parameterName(String role) {
        StringBuilder name = new StringBuilder("RoleArn");
        for (String part : role.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }

    private static String truncate(String text) {
        String cleaned = text.replaceAll("[^\\x20-\\x7E\\u00A1-\\u00FF]", " ");
        return cleaned.length() > 1000 ? cleaned.substring(0, 1000) : cleaned;
    }

    public String arn(String role) {
        IRole found = roles.get(role);
        if (found == null) {
            throw new IllegalArgumentException("The access plan has no role " + role + "; it has " + roles.keySet());
        }
        return found.getRoleArn();
    }

    public boolean has(String role) {
        return roles.containsKey(role);
    }
}
