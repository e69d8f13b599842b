package dev.lagoa.deploy.construct;

import dev.lagoa.aws.access.Permission;
import dev.lagoa.aws.access.RoleSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class Roles extends Construct {
    public static final String POLICY_NAME = "lagoa";
    private final Map<String, IRole> roles = new LinkedHashMap<>();

    /** @param existingArns empty for managed roles; else the ARN of every role of {@code specs} */
    public Roles(Construct scope, String id, List<RoleSpec> specs, Map<String, String> existingArns) {
        super(scope, id);
        for (RoleSpec spec : specs) {
            if (existingArns.isEmpty()) {
                roles.put(spec.name(), Role.Builder.create(this, spec.name())
                        .roleName(spec.name())
                        .description(truncate(spec.purpose()))
                        .assumedBy(new ServicePrincipal(spec.assumedBy().principal()))
                        .inlinePolicies(Map.of(POLICY_NAME, document(spec.permissions())))
                        .build());
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

    /** The plan's statements as a policy document; {@code ${AWS::Region}} and stack parameters through {@code Fn::Sub}. */
    public static PolicyDocument document(List<Permission> permissions) {
        return PolicyDocument.Builder.create().statements(permissions.stream().map(permission -> PolicyStatement.Builder.create()
                .sid(permission.sid()).effect(Effect.ALLOW).actions(permission.actions())
                .resources(permission.resources().stream().map(Roles::resource).toList()).build()).toList()).build();
    }

    static String resource(String resource) {
        return resource.contains("${") ? Fn.sub(resource) : resource;
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
