package io.tally.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The query side reads and projects; shared mechanisms serve the contexts and never depend on one. */
@AnalyzeClasses(packages = "io.tally.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QuerySideArchitectureTest {

    @ArchTest
    static final ArchRule neverTouchesCommandSideOrDevCode = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.tally.command..", "io.tally.dev..", "io.tally.tools..");

    @ArchTest
    static final ArchRule sharedMechanismsDependOnNoContext = noClasses()
            .that()
            .resideInAnyPackage(
                    "io.tally.query.projection..",
                    "io.tally.query.consistency..",
                    "io.tally.query.search..",
                    "io.tally.query.web..",
                    "io.tally.query.bus..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.tally.query.order..",
                    "io.tally.query.payment..",
                    "io.tally.query.inventory..",
                    "io.tally.query.analytics..",
                    "io.tally.query.audit..",
                    "io.tally.query.admin..");

    /** The aggregates only rebuild past states for auditors; no read model decides with them. */
    @ArchTest
    static final ArchRule onlyTheAuditReadsUseTheDomain = noClasses()
            .that()
            .resideOutsideOfPackage("io.tally.query.audit..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.tally.domain..");
}
