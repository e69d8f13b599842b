package dev.lagoa.aws.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A role of the deployment: its name (the managed role's name, and the key of the existing-roles file), the pipeline it
 * serves, the service that assumes it, what runs with it, and every statement it needs.
 */
public record RoleSpec(String name, String pipeline, AwsService assumedBy, String purpose, List<Permission> permissions) {
    public RoleSpec {
        requireNonNull(name, "name is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(assumedBy, "assumedBy is null");
        requireNonNull(purpose, "purpose is null");
        permissions = List.copyOf(requireNonNull(permissions, "permissions is null"));
        if (!name.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("Invalid role name '" + name + "': lower-case letters, digits and '-', at most 64");
        }
    }

    public RoleSpec mapResources(UnaryOperator<String> mapping) {
        return new RoleSpec(name, pipeline, assumedBy, purpose, permissions.stream().map(permission -> permission.mapResources(mapping)).toList());
    }

    /** Every action of every statement, once each, in order. */
    public List<String> actions() {
        return permissions.stream().flatMap(permission -> permission.actions().stream()).distinct().toList();
    }
}
