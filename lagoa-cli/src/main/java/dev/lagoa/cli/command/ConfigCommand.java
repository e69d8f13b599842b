package dev.lagoa.cli.command;

import dev.lagoa.cli.LagoaRuntime;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.Configuration;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lagoa config describe|show}: the documented keys, and the effective values with where they came from. */
@Command(name = "config", description = "Configuration keys and their effective values.",
        subcommands = {ConfigCommand.Describe.class, ConfigCommand.Show.class})
public final class ConfigCommand {
    @Command(name = "describe", description = "Lists every configuration key: type, default, environment variable, description.")
    static final class Describe implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            List<Map<String, Object>> keys = new ArrayList<>();
            for (ConfigField field : LagoaRuntime.fields()) {
                Map<String, Object> key = new LinkedHashMap<>();
                key.put("key", field.name());
                key.put("type", field.type().name().toLowerCase(Locale.ROOT));
                key.put("default", field.isSecret() ? null : field.defaultValue());
                key.put("environment", field.environmentVariable());
                key.put("secret", field.isSecret());
                key.put("description", field.description());
                keys.add(key);
            }
            if (json) {
                out.println(Json.write(keys));
                return;
            }
            for (ConfigField field : LagoaRuntime.fields()) {
                out.printf("%s  (%s%s, default: %s)%n    %s%n    environment: %s%n", field.name(), field.type().name().toLowerCase(Locale.ROOT),
                        field.isSecret() ? ", secret" : "", field.defaultValue() == null || field.defaultValue().isEmpty() ? "none" : field.defaultValue(),
                        field.description(), field.environmentVariable());
            }
        }
    }

    @Command(name = "show", description = "Prints the effective configuration (secrets masked) and where each value came from.")
    static final class Show implements Runnable {
        private final RuntimeProvider runtime;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Show(RuntimeProvider runtime) {
            this.runtime = runtime;
        }

        @Override
        public void run() {
            Configuration configuration = runtime.runtime().configuration();
            PrintWriter out = spec.commandLine().getOut();
            Map<String, String> values = configuration.displayValues();
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                for (ConfigField field : configuration.fields()) {
                    document.put(field.name(), Map.of("value", values.get(field.name()),
                            "source", configuration.source(field).name().toLowerCase(Locale.ROOT)));
                }
                out.println(Json.write(document));
                return;
            }
            out.printf("workspace: %s%n", runtime.runtime().home());
            for (ConfigField field : configuration.fields()) {
                out.printf("%-28s %-40s (%s)%n", field.name(), values.get(field.name()), configuration.source(field).name().toLowerCase(Locale.ROOT));
            }
        }
    }
}
