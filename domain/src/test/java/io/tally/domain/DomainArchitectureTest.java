package io.tally.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain decides with Axon's modelling API and the shared messages, and knows nothing else. */
@AnalyzeClasses(packages = "io.tally.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainArchitectureTest {

    @ArchTest
    static final ArchRule knowsNoWebNoStoreAndNoService = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "jakarta.servlet..",
                    "java.sql..",
                    "javax.sql..",
                    "co.elastic..",
                    "io.tally.web..",
                    "io.tally.axon..",
                    "io.tally.command..",
                    "io.tally.query..",
                    "io.tally.dev..");

    @ArchTest
    static final ArchRule pricingIsPlainJava = noClasses()
            .that()
            .resideInAPackage("io.tally.domain.order.pricing..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.axonframework..");
}
