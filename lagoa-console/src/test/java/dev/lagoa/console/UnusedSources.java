package dev.lagoa.console;

import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.statemachine.ExecutionStore;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.governance.discovery.DiscoveryIndex;
import dev.lagoa.governance.lineage.LineageGraph;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sources for a test of some pages: no pipelines, schedules or services, and every port throws, so that a page that
 * reads what its test did not set up fails that test. A test's sources override what its pages read.
 */
abstract class UnusedSources implements ConsoleSources {
    @Override
    public List<PipelineDefinition> pipelines() {
        return List.of();
    }

    @Override
    public List<StateMachineDefinition> stateMachines() {
        return List.of();
    }

    @Override
    public List<Schedule> schedules() {
        return List.of();
    }

    @Override
    public List<Service> services() {
        return List.of();
    }

    @Override
    public Catalog catalog() {
        throw unused("catalog");
    }

    @Override
    public String catalogDatabase() {
        return "lagoa";
    }

    @Override
    public TagStore tagStore() {
        throw unused("tag store");
    }

    @Override
    public DiscoveryIndex discoveryIndex() {
        throw unused("discovery index");
    }

    @Override
    public LineageGraph lineageGraph() {
        throw unused("lineage graph");
    }

    @Override
    public QueryEngine queryEngine() {
        throw unused("query engine");
    }

    @Override
    public JobLauncher jobLauncher() {
        throw unused("job launcher");
    }

    @Override
    public ExecutionStore executions() {
        throw unused("execution store");
    }

    @Override
    public Optional<Instant> lastModified(String location) {
        return Optional.empty();
    }

    @Override
    public String user() {
        return "tester";
    }

    private static UnsupportedOperationException unused(String what) {
        return new UnsupportedOperationException("no " + what + " in this test");
    }
}
