package io.tally.axon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Axon wiring only: no endpoints, nothing of either service, and the concerns kept apart. */
@AnalyzeClasses(packages = "io.tally.axon", importOptions = ImportOption.DoNotIncludeTests.class)
class AxonConfigArchitectureTest {

    @ArchTest
    static final ArchRule knowsNeitherService = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.tally.command..", "io.tally.query..", "io.tally.dev..", "co.elastic..");

    @ArchTest
    static final ArchRule servesNoEndpoint =
            noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework.web.bind.annotation..");

    @ArchTest
    static final ArchRule privacyAndMessagingStandAlone = noClasses()
            .that()
            .resideInAnyPackage("io.tally.axon.privacy..", "io.tally.axon.messaging..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.tally.axon.audit..", "io.tally.axon.processing..");

    /** A departure is wired where its switch is, and nowhere else: turning it off leaves nothing using it. */
    @ArchTest
    static final ArchRule departuresAreWiredInOnePlace = classes()
            .that()
            .resideInAnyPackage("io.tally.axon.sagas..", "io.tally.axon.tokens..", "io.tally.axon.segments..")
            .should()
            .onlyBeAccessed()
            .byAnyPackage(
                    "io.tally.axon.sagas..",
                    "io.tally.axon.tokens..",
                    "io.tally.axon.segments..",
                    "io.tally.axon.processing..");

    @ArchTest
    static final ArchRule theAggregateCacheIsWiredInOnePlace = classes()
            .that()
            .resideInAPackage("io.tally.axon.aggregatecache..")
            .should()
            .onlyBeAccessed()
            .byAnyPackage("io.tally.axon.aggregatecache..", "io.tally.axon");
}
