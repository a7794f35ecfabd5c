package io.tally.axon;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Axon wiring only: no endpoints, nothing of either service, and the concerns kept apart. */
@AnalyzeClasses(packages = "io.tally.axon", importOptions = ImportOption.DoNotIncludeTests.class)
class AxonConfigArchitectureTest {

    @ArchTest
    static final ArchRule knowsNeitherService = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.tally.command..", "io.tally.query..", "io.tally.dev..", "co.elastic..");

    @ArchTest
    static final ArchRule servesNoEndpoint = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web.bind.annotation..");

    @ArchTest
    static final ArchRule privacyAndMessagingStandAlone = noClasses()
            .that().resideInAnyPackage("io.tally.axon.privacy..", "io.tally.axon.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tally.axon.audit..", "io.tally.axon.processing..");
}
