package dev.adjoint.web.expressions;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/**
 * One student's instance of a problem.
 *
 * @param generator the documented algorithm that drew the values ({@code adjoint-instance-v1})
 * @param attempt   draws skipped because the output or a gradient was not finite there
 * @param bindings  every variable's value: the fixed ones and the drawn ones
 * @param value     the output at {@code bindings}
 * @param gradient  its gradient there, per differentiated variable
 */
@Schema(description = "The bindings drawn for this seed, and the answer there")
public record InstanceResponse(String seed, String generator, int attempt, Map<String, Double> bindings, double value,
                               Map<String, Double> gradient) {
}
