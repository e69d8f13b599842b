package dev.lagoa.cli;

import dev.lagoa.core.LagoaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.ParseResult;

/**
 * The commands that only read a workspace. Run with a {@code --home} that holds no workspace (a mistyped path, the
 * wrong folder), they would create one there ({@code lake/}, {@code lineage/}, ...) and answer "nothing": they refuse
 * instead, with exit status 2.
 */
final class ReadOnlyCommands {
    /** Qualified names, as picocli spells them. */
    static final Set<String> NAMES = Set.of("lagoa console", "lagoa jobs runs", "lagoa jobs logs", "lagoa catalog list", "lagoa catalog show", "lagoa sql",
            "lagoa search", "lagoa lineage");

    private ReadOnlyCommands() {}

    /** The command that will run (the last subcommand), when it is a read-only one and no help was asked for. */
    static boolean isReadOnly(ParseResult parseResult) {
        ParseResult last = parseResult;
        while (true) {
            if (last.isUsageHelpRequested() || last.isVersionHelpRequested()) {
                return false;
            }
            if (!last.hasSubcommand()) {
                break;
            }
            last = last.subcommand();
        }
        return NAMES.contains(last.commandSpec().qualifiedName(" "));
    }

    /** A workspace holds one of the folders Lagoa writes ({@code lake/}, {@code metadata/}, ...), or a {@code lagoa.properties} a person wrote. */
    static boolean isWorkspace(Path home) {
        return Stream.of("lake", "metadata", "lineage", "logs", "services").anyMatch(folder -> Files.isDirectory(home.resolve(folder)))
                || Files.isRegularFile(home.resolve("lagoa.properties"));
    }

    static LagoaException noWorkspace(Path home, String command) {
        return LagoaException.userError("%s is not a Lagoa workspace (it has no lake/ or metadata/ folder); %s only reads one and creates none: "
                + "check --home or LAGOA_HOME, or create the workspace with lagoa demo or lagoa serve", home, command);
    }
}
