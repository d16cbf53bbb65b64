package dev.adjoint.web.higher;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the higher-order endpoints ({@code adjoint.higher.*}), beside the request limits of
 * {@code adjoint.limits.*} that apply as well. Over a limit the answer is 413 with {@code limit}
 * and {@code actual}.
 *
 * @param maxFormulaSize         nodes of a derivative written on one line as a tree; a longer one comes
 *                               only as a program (whose size is linear in the graph's)
 * @param maxHessianVariables    rows of a Hessian: elements of wrt's variables, a matrix counting each of its
 *                               elements (it has their square of entries, one lane of a sweep per row)
 * @param maxJacobianEntries     output elements x variable elements of a Jacobian
 * @param maxSecondOrderFormulas variables of an {@code order: 2} derivative request (their square of formulas)
 * @param maxFormulaCharacters   characters of all formulas of one derivative answer together
 */
@Validated
@ConfigurationProperties("adjoint.higher")
public record HigherOrderProperties(
        @DefaultValue("1000") @Positive long maxFormulaSize,
        @DefaultValue("1000") @Positive int maxHessianVariables,
        @DefaultValue("1000000") @Positive long maxJacobianEntries,
        @DefaultValue("30") @Positive int maxSecondOrderFormulas,
        @DefaultValue("8000000") @Positive long maxFormulaCharacters) {
}
