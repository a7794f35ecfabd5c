package io.tally.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The command side sends commands; it never reads a read model, and its saga knows no endpoint. */
@AnalyzeClasses(packages = "io.tally.command", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandSideArchitectureTest {

    @ArchTest
    static final ArchRule neverTouchesQuerySideOrDevCode = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.tally.query..", "io.tally.dev..", "io.tally.tools..", "co.elastic..");

    @ArchTest
    static final ArchRule theSagaTalksOnlyThroughCommandsAndEvents = noClasses()
            .that()
            .resideInAPackage("io.tally.command.fulfillment..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.tally.command.order..",
                    "io.tally.command.web..",
                    "io.tally.command.payment..",
                    "io.tally.command.inventory..");
}
