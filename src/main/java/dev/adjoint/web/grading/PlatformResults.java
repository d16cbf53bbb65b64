package dev.adjoint.web.grading;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.adjoint.grading.GradingReport;
import dev.adjoint.grading.ItemResult;
import dev.adjoint.grading.Verdict;
import dev.adjoint.web.problems.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A graded submission in a grading platform's own result shape, so an autograder can write the
 * answer straight to its results file.
 *
 * <p>Every submitted item is one test worth its {@code points} (default 1). An item the answer
 * does not have (verdict {@code unknown}) is shown but worth 0, so stray keys cost a student
 * nothing; an item named in {@code points} but not submitted is a failed test worth its points.
 */
public final class PlatformResults {

    enum Format {
        ADJOINT, GRADESCOPE, PRAIRIELEARN;

        static Format of(String format) {
            if (format == null) {
                return ADJOINT;
            }
            for (Format f : values()) {
                if (f.name().toLowerCase(Locale.ROOT).equals(format)) {
                    return f;
                }
            }
            throw new InvalidRequestException("format", "unknown format '" + format + "'; use adjoint (the default), gradescope or prairielearn");
        }
    }

    private PlatformResults() {
    }

    /** One graded item with its points, submitted or not. */
    private record Scored(String name, double earned, double max, boolean passed, String output) {
    }

    /**
     * @param answerHas whether the answer has an item at a path (for checking {@code points})
     */
    public static Object render(String format, Map<String, Double> points, GradingReport report, Predicate<String> answerHas) {
        Format f = Format.of(format);
        Map<String, Double> weights = checkedPoints(points, answerHas);
        if (f == Format.ADJOINT) {
            return CheckResponse.of(report);
        }
        List<Scored> scored = new ArrayList<>();
        Set<String> submitted = new LinkedHashSet<>();
        for (ItemResult r : report.results()) {
            submitted.add(r.path());
            double max = r.verdict() == Verdict.UNKNOWN ? 0.0 : weights.getOrDefault(r.path(), 1.0);
            scored.add(new Scored(r.path(), r.correct() ? max : 0.0, max, r.correct(), describe(r)));
        }
        weights.forEach((path, max) -> {
            if (!submitted.contains(path)) {
                scored.add(new Scored(path, 0.0, max, false, path + " was not submitted"));
            }
        });
        double earned = scored.stream().mapToDouble(Scored::earned).sum();
        double total = scored.stream().mapToDouble(Scored::max).sum();
        String summary = summary(report, scored, earned, total);
        if (f == Format.GRADESCOPE) {
            List<GradescopeResults.Test> tests = scored.stream().map(s -> new GradescopeResults.Test(s.name(), s.earned(), s.max(),
                    s.passed() ? "passed" : "failed", s.output())).toList();
            return new GradescopeResults(earned, summary, tests, Map.of("maxScore", total));
        }
        Map<String, String> feedback = new LinkedHashMap<>();
        Map<String, PrairieLearnResults.PartialScore> partial = new LinkedHashMap<>();
        List<PrairieLearnResults.Test> tests = new ArrayList<>();
        for (Scored s : scored) {
            feedback.put(s.name(), s.output());
            partial.put(s.name(), new PrairieLearnResults.PartialScore(s.max() == 0 ? (s.passed() ? 1.0 : 0.0) : s.earned() / s.max(), s.max(), s.output()));
            tests.add(new PrairieLearnResults.Test(s.name(), s.earned(), s.max(), s.passed() ? "correct" : s.output()));
        }
        List<String> formatErrors = report.results().stream().filter(r -> r.verdict() == Verdict.NOT_A_FORMULA).map(ItemResult::message).toList();
        return new PrairieLearnResults(formatErrors.isEmpty(), total == 0 ? 0.0 : earned / total, summary,
                formatErrors.isEmpty() ? null : formatErrors, feedback, partial, tests);
    }

    private static Map<String, Double> checkedPoints(Map<String, Double> points, Predicate<String> answerHas) {
        if (points == null) {
            return Map.of();
        }
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        points.forEach((path, value) -> {
            if (value == null || !(value >= 0) || Double.isInfinite(value)) {
                errors.add(new InvalidRequestException.FieldError("points." + path, "points must be a number >= 0, got " + value));
            } else if (!answerHas.test(path)) {
                errors.add(new InvalidRequestException.FieldError("points." + path, "points names '" + path
                        + "', which the answer does not have; name items as results name them, e.g. gradient.x or nodes.b.gradient"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return points;
    }

    /** One line per item a student can read: the verdict, the message, and the likely slip. */
    private static String describe(ItemResult r) {
        StringBuilder s = new StringBuilder(r.verdict().wireName());
        if (r.verdict() == Verdict.EQUIVALENT && r.formula() != null) {
            s.append(": agrees at ").append(r.formula().pointsAgreed()).append(" of ").append(r.formula().pointsChecked()).append(" points");
        }
        if (r.message() != null) {
            s.append(": ").append(r.message());
        }
        if (r.likelyMistake() != null) {
            s.append(". Likely mistake (").append(r.likelyMistake().kind().wireName()).append("): ").append(r.likelyMistake().explanation());
        }
        return s.toString();
    }

    private static String summary(GradingReport report, List<Scored> scored, double earned, double total) {
        long passed = scored.stream().filter(Scored::passed).count();
        StringBuilder s = new StringBuilder(passed + " of " + scored.size() + " items right, " + number(earned) + " of " + number(total) + " points.");
        GradingReport.Mistake m = report.firstWrongGradient();
        if (m != null) {
            s.append(" The first wrong gradient in backward order is ").append(m.node()).append("'s");
            if (m.derivation() != null) {
                s.append("; the right one is ").append(m.derivation());
            }
            if (m.likelyMistake() != null) {
                s.append(". Likely mistake: ").append(m.likelyMistake().explanation());
            }
            s.append('.');
        }
        return s.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Gradescope's {@code results.json} (gradescope-autograders.readthedocs.io, "Autograder
     * Specifications"): the total {@code score}, an {@code output} for the whole submission, and
     * one test per item with its {@code score}, {@code max_score}, {@code status} and {@code output}.
     */
    @Schema(description = "Gradescope's results.json: score, output, tests[] with name, score, max_score, status, output")
    public record GradescopeResults(double score, String output, List<Test> tests, @JsonProperty("extra_data") Map<String, Object> extraData) {

        public record Test(String name, double score, @JsonProperty("max_score") double maxScore, String status, String output) {
        }
    }

    /**
     * PrairieLearn's external grading results ({@code /grade/results/results.json}): {@code score} in
     * [0, 1], {@code gradable} (false when an answer is not a formula, so the attempt is not
     * counted, with {@code format_errors}), {@code message} and {@code tests} with {@code points}
     * and {@code max_points}; plus {@code feedback} and {@code partial_scores} by item, as a
     * question's {@code grade()} sets them.
     */
    @Schema(description = "PrairieLearn's grading results: score in [0, 1], gradable, message, feedback, partial_scores, tests[]")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PrairieLearnResults(boolean gradable, double score, String message, @JsonProperty("format_errors") List<String> formatErrors,
                               Map<String, String> feedback, @JsonProperty("partial_scores") Map<String, PartialScore> partialScores,
                               List<Test> tests) {

        public record PartialScore(double score, double weight, String feedback) {
        }

        public record Test(String name, double points, @JsonProperty("max_points") double maxPoints, String message) {
        }
    }
}
