package dev.lagoa.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.publish.EventPublisher;
import org.junit.jupiter.api.Test;

/** Ports and adapters, as the architecture decisions say: the rules fail the build when a dependency points the wrong way. */
class ArchitectureTest {
    private static final JavaClasses LAGOA = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lagoa");

    @Test
    void theCoreDependsOnNothingButTheJdkAndTheContracts() {
        noClasses().that().resideInAPackage("dev.lagoa.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.lagoa.core..", "dev.lagoa.contracts..", "java..")
                .check(LAGOA);
    }

    /** The contracts travel on the Glue, Lambda and control-plane classpaths: the JDK and the Jackson each of them ships. */
    @Test
    void theContractsDependOnTheJdkAndJacksonOnly() {
        noClasses().that().resideInAPackage("dev.lagoa.contracts..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.lagoa.contracts..", "java..", "com.fasterxml.jackson..")
                .check(LAGOA);
    }

    @Test
    void governanceOrchestrationAndTheLakehouseUsePortsOnly() {
        noClasses().that().resideInAnyPackage("dev.lagoa.governance..", "dev.lagoa.orchestrator..", "dev.lagoa.importau..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.local..", "dev.lagoa.aws..", "dev.lagoa.kafka..", "dev.lagoa.cli..",
                        "dev.lagoa.functions..", "dev.lagoa.jobs..", "dev.lagoa.duckdb..", "dev.lagoa.ingest..", "dev.lagoa.apiload..",
                        "dev.lagoa.publisher..")
                .check(LAGOA);
        noClasses().that().resideInAnyPackage("dev.lagoa.governance..", "dev.lagoa.orchestrator..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.importau..")
                .check(LAGOA);
    }

    /** The console reads the workspace through ConsoleSources, which the CLI implements: it names no adapter and no other feature. */
    @Test
    void theConsoleUsesPortsOnly() {
        noClasses().that().resideInAPackage("dev.lagoa.console..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.local..", "dev.lagoa.aws..", "dev.lagoa.kafka..", "dev.lagoa.cli..",
                        "dev.lagoa.functions..", "dev.lagoa.jobs..", "dev.lagoa.duckdb..", "dev.lagoa.ingest..", "dev.lagoa.apiload..",
                        "dev.lagoa.publisher..", "dev.lagoa.importau..", "dev.lagoa.orchestrator..")
                .check(LAGOA);
    }

    @Test
    void adaptersDependOnPortsNeverOnEachOtherOrOnEntryPoints() {
        noClasses().that().resideInAPackage("dev.lagoa.local..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.aws..", "dev.lagoa.cli..", "dev.lagoa.jobs..")
                .check(LAGOA);
        noClasses().that().resideInAPackage("dev.lagoa.aws..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.local..", "dev.lagoa.kafka..", "dev.lagoa.cli..", "dev.lagoa.jobs..")
                .check(LAGOA);
        noClasses().that().resideInAPackage("dev.lagoa.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.local..", "dev.lagoa.aws..", "dev.lagoa.publisher..", "dev.lagoa.cli..",
                        "dev.lagoa.jobs..")
                .check(LAGOA);
    }

    @Test
    void useCasesUsePortsOnly() {
        noClasses().that().resideInAPackage("dev.lagoa.publisher..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.local..", "dev.lagoa.aws..", "dev.lagoa.kafka..", "dev.lagoa.cli..",
                        "dev.lagoa.jobs..", "org.apache.kafka..")
                .check(LAGOA);
        noClasses().that().resideInAnyPackage("dev.lagoa.ingest..", "dev.lagoa.market..", "dev.lagoa.duckdb..", "dev.lagoa.apiload..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.local..", "dev.lagoa.aws..", "dev.lagoa.kafka..", "dev.lagoa.cli..",
                        "dev.lagoa.functions..", "dev.lagoa.jobs..")
                .check(LAGOA);
        noClasses().that().resideInAPackage("dev.lagoa.ingest..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.duckdb..")
                .because("the ingests write Parquet through the ParquetWriter port")
                .check(LAGOA);
    }

    @Test
    void functionsSeePortsAndOnlyTheirAwsWiringKnowsAdapters() {
        noClasses().that().resideInAPackage("dev.lagoa.functions..").and().doNotHaveSimpleName("AwsFunctionEnvironment")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.local..", "dev.lagoa.aws..", "dev.lagoa.kafka..", "dev.lagoa.cli..")
                .check(LAGOA);
    }

    @Test
    void commandsUsePortsAndOnlyTheWiringKnowsAdapters() {
        noClasses().that().resideInAPackage("dev.lagoa.cli.command..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.local..", "dev.lagoa.aws..", "dev.lagoa.kafka..", "org.apache.kafka..")
                .check(LAGOA);
    }

    @Test
    void sparkJobsStandAloneOnTheGlueClasspath() {
        noClasses().that().resideInAPackage("dev.lagoa.jobs..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lagoa.core..", "dev.lagoa.local..", "dev.lagoa.aws..", "dev.lagoa.cli..",
                        "dev.lagoa.functions..", "dev.lagoa.governance..", "dev.lagoa.importau..")
                .because("a job's classpath on Glue holds the jobs jar, the contracts and Spark, nothing else of Lagoa")
                .check(LAGOA);
    }

    @Test
    void onlyTheJobsTouchSpark() {
        noClasses().that().resideOutsideOfPackage("dev.lagoa.jobs..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .check(LAGOA);
    }

    @Test
    void adaptersAreNamedTechnologyPlusPort() {
        classes().that().implement(ObjectStore.class).should().haveSimpleNameEndingWith("ObjectStore").check(LAGOA);
        classes().that().implement(JobLauncher.class).should().haveSimpleNameEndingWith("JobLauncher").check(LAGOA);
        classes().that().implement(dev.lagoa.core.queue.MessageQueue.class).should().haveSimpleNameEndingWith("MessageQueue").check(LAGOA);
        classes().that().implement(dev.lagoa.core.publish.EventPublisher.class).should().haveSimpleNameEndingWith("EventPublisher").check(LAGOA);
        classes().that().implement(EventPublisher.class).should().haveSimpleNameEndingWith("EventPublisher").check(LAGOA);
        classes().that().implement(dev.lagoa.core.catalog.Catalog.class).should().haveSimpleNameEndingWith("Catalog").check(LAGOA);
        classes().that().implement(dev.lagoa.core.query.QueryEngine.class).should().haveSimpleNameEndingWith("QueryEngine").check(LAGOA);
        classes().that().implement(dev.lagoa.core.lake.ParquetWriter.class).should().haveSimpleNameEndingWith("ParquetWriter").check(LAGOA);
    }
}
