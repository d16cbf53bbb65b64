package dev.adjoint;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package rule of DESIGN.md: web uses the capabilities (expression, network, grading, diagram),
 * which use autodiff; autodiff uses nothing of ours, nor Spring or Jackson.
 */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.adjoint");

    @Test
    void autodiffDependsOnNothingOfOursNorOnFrameworks() {
        noClasses().that().resideInAPackage("dev.adjoint.autodiff..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.adjoint.expression..", "dev.adjoint.network..",
                        "dev.adjoint.grading..", "dev.adjoint.diagram..", "dev.adjoint.web..", "org.springframework..", "tools.jackson..", "com.fasterxml..", "jakarta..")
                .check(classes);
    }

    @Test
    void capabilitiesDoNotDependOnTheWebLayer() {
        noClasses().that().resideInAnyPackage("dev.adjoint.expression..", "dev.adjoint.network..", "dev.adjoint.grading..",
                        "dev.adjoint.diagram..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.adjoint.web..", "org.springframework..", "tools.jackson..", "jakarta..")
                .check(classes);
    }
}
