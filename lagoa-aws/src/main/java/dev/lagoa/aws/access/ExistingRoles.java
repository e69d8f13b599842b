package dev.lagoa.aws.access;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The existing-roles file of a deployment that creates no IAM: a JSON object from every role name of the
 * {@link AccessPlan} to the ARN of the role an administrator created for it. A missing or an extra name, a duplicate, or
 * a value that is not a role ARN is an error that lists the expected names.
 */
public final class ExistingRoles {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ExistingRoles() {}

    /** Reads and checks the file; the map keeps the plan's order. */
    public static Map<String, String> read(Path file, List<String> expected) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "The role ARNs file %s does not exist".formatted(file));
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "The role ARNs file %s is not a JSON object of role names to ARNs: %s"
                    .formatted(file, e.getMessage().lines().findFirst().orElse("")));
        }
        return parse(root, expected, file.toString());
    }

    static Map<String, String> parse(JsonNode root, List<String> expected, String source) {
        if (root == null || !root.isObject()) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "The role ARNs file %s must be a JSON object of role names to ARNs; expected names: %s"
                    .formatted(source, expected));
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> arns = new LinkedHashMap<>();
        TreeSet<String> extra = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!expected.contains(field.getKey())) {
                extra.add(field.getKey());
            } else if (!field.getValue().isTextual() || !ROLE_ARN.matcher(field.getValue().asText()).matches()) {
                problems.add("'%s' is not a role ARN (arn:aws:iam::<account>:role/<name>)".formatted(field.getKey()));
            }
        }
        TreeSet<String> missing = new TreeSet<>();
        for (String name : expected) {
            JsonNode value = root.get(name);
            if (value == null) {
                missing.add(name);
            } else if (value.isTextual()) {
                arns.put(name, value.asText());
            }
        }
        if (!missing.isEmpty()) {
            problems.add("missing " + missing);
        }
        if (!extra.isEmpty()) {
            problems.add("unknown " + extra);
        }
        if (!problems.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "The role ARNs file %s: %s. Expected exactly these names: %s (lagoa aws roles lists what each needs)"
                    .formatted(source, String.join("; ", problems), expected));
        }
        return arns;
    }
}
