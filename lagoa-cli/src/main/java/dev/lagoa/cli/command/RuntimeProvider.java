package dev.lagoa.cli.command;

import dev.lagoa.cli.LagoaRuntime;

/** Where commands get the process's runtime from (built once from the global options). */
public interface RuntimeProvider {
    LagoaRuntime runtime();
}
