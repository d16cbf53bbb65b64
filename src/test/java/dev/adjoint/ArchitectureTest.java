package dev.adjoint;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
    void theWebLayerHasOneExpressionCompiler() {
        // One compiler, so one cache of compiled texts: a template sent to several endpoints compiles once.
        noClasses().that().resideInAPackage("dev.adjoint.web..")
                .and().doNotHaveFullyQualifiedName("dev.adjoint.web.platform.CompilerConfiguration")
                .should().callConstructor(dev.adjoint.expression.ExpressionCompiler.class,
                        dev.adjoint.expression.Limits.class, dev.adjoint.expression.CompiledExpressionCache.class)
                .orShould().callConstructor(dev.adjoint.expression.ExpressionCompiler.class, dev.adjoint.expression.Limits.class)
                .check(classes);
    }

    @Test
    void capabilitiesDoNotDependOnTheWebLayer() {
        noClasses().that().resideInAnyPackage("dev.adjoint.expression..", "dev.adjoint.network..", "dev.adjoint.grading..",
                        "dev.adjoint.diagram..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.adjoint.web..", "org.springframework..", "tools.jackson..", "jakarta..")
                .check(classes);
    }

    /**
     * autodiff's public domain surface: the values and results a capability hands back (tensors,
     * warnings, the trace and its entries, the finite-difference check's results, a built graph's
     * read-only ids, kinds and sizes, number printing), the deadline a request carries, and the
     * exceptions the problem handler maps. Everything else is an internal of the core: how a graph
     * is built (Graph.Builder), the ops, the sweeps (Evaluation, ForwardMode, SecondOrder,
     * GradientGraph, DualNumbers), running the finite differences, shapes, kernels (Gemm, NativeBlas),
     * the simplifier. A type added to autodiff is internal until it is listed here.
     */
    static final Set<String> AUTODIFF_SURFACE = Set.of(
            "Tensor", "Warning", "Deadline", "DeadlineExceededException", "LimitExceededException", "ShapeException",
            "Literal", "Trace", "Trace$NodeEntry", "Trace$BackwardEntry", "Trace$Term", "Graph", "Graph$Kind",
            "FiniteDifferences$Element", "FiniteDifferences$ElementCheck", "FiniteDifferences$Verification");

    @Test
    void webUsesOnlyAutodiffsPublicSurface() {
        DescribedPredicate<JavaClass> internal = DescribedPredicate.describe("autodiff internals (not " + AUTODIFF_SURFACE + ")",
                c -> c.getPackageName().equals("dev.adjoint.autodiff")
                        && !AUTODIFF_SURFACE.contains(c.getName().substring("dev.adjoint.autodiff.".length())));
        noClasses().that().resideInAPackage("dev.adjoint.web..")
                .should().dependOnClassesThat(internal)
                .check(classes);
    }

    /**
     * web is arranged by capability (web.expressions, web.networks, web.higher, web.batch, web.grading,
     * web.problems, web.access, web.admission, web.platform) and the packages depend on each other one
     * way: endpoints on batch, grading, admission, platform and problems; problems on nothing of web.
     * Three back edges are known and named here rather than hidden: the platform reads every request
     * type (RequestCosts prices each, JsonConfiguration gives Binding its element limit), the one
     * picture code draws network traces too (GraphPictures), and the one problem handler maps
     * admission's refusal as it maps every domain exception. Any other cycle fails.
     */
    @Test
    void webCapabilityPackagesFormNoCycles() {
        slices().matching("dev.adjoint.web.(*)..").should().beFreeOfCycles()
                .ignoreDependency(classes("dev.adjoint.web.platform.RequestCosts", "dev.adjoint.web.platform.JsonConfiguration"),
                        JavaClass.Predicates.resideInAnyPackage("dev.adjoint.web.expressions..", "dev.adjoint.web.networks.."))
                .ignoreDependency(classes("dev.adjoint.web.expressions.GraphPictures"),
                        JavaClass.Predicates.resideInAPackage("dev.adjoint.web.networks.."))
                .ignoreDependency(JavaClass.Predicates.resideInAPackage("dev.adjoint.web.problems.."),
                        classes("dev.adjoint.web.admission.AdmissionRefusedException"))
                .check(classes);
    }

    /** The named classes and their nested and anonymous classes. */
    private static DescribedPredicate<JavaClass> classes(String... names) {
        return DescribedPredicate.describe(String.join(", ", names),
                c -> Arrays.stream(names).anyMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$")));
    }
}
