package io.tally.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class SharedApiArchitectureTest {

    private final JavaClasses sharedApi = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tally.api");

    @Test
    void sharedApiDependsOnNoFrameworkOrStore() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "jakarta.persistence..",
                        "javax.persistence..",
                        "org.hibernate..",
                        "co.elastic..",
                        "org.elasticsearch..")
                .check(sharedApi);
    }

    @Test
    void sharedApiHoldsOnlyRecordsEnumsAndExceptions() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that()
                .areTopLevelClasses()
                .and()
                .doNotHaveSimpleName("package-info")
                .should()
                .beRecords()
                .orShould()
                .beEnums()
                .orShould()
                .beAssignableTo(Exception.class)
                .check(sharedApi);
    }
}
