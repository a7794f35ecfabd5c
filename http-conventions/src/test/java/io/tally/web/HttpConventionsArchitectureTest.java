package io.tally.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The HTTP conventions are shared by both services because they know neither, nor Axon. */
@AnalyzeClasses(packages = "io.tally.web", importOptions = ImportOption.DoNotIncludeTests.class)
class HttpConventionsArchitectureTest {

    @ArchTest
    static final ArchRule knowNoAxonNoDomainAndNoService = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.axonframework..",
                    "io.tally.domain..",
                    "io.tally.axon..",
                    "io.tally.command..",
                    "io.tally.query..",
                    "io.tally.api..");
}
