package dev.adjoint.web.expressions;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * One student's instance of a problem.
 *
 * @param generator the documented algorithm that drew the values ({@code adjoint-instance-v1})
 * @param attempt   draws skipped because the output or a gradient was not finite there
 * @param bindings  every variable's value: the fixed ones and the drawn ones
 * @param value     the output at {@code bindings}
 * @param gradient  its gradient there, per differentiated variable
 */
@Schema(name = "InstanceResponse", description = "The bindings drawn for this seed, and the answer there")
public record InstanceResponse(
        @Schema(description = "The request's seed", requiredMode = REQUIRED, example = "s1234567") String seed,
        @Schema(description = "The documented algorithm that drew the values", requiredMode = REQUIRED, example = "adjoint-instance-v1")
        String generator,
        @Schema(description = "Draws skipped because the output or a gradient was not finite there", requiredMode = REQUIRED, example = "0")
        int attempt,
        @Schema(description = "Every variable's value: the fixed ones and the drawn ones", requiredMode = REQUIRED,
                example = "{\"x\": 3.0, \"z\": -1.5}") Map<String, Double> bindings,
        @Schema(description = "The output at bindings (finite: draws where it is not are skipped)", requiredMode = REQUIRED, example = "-4.282873532542025")
        double value,
        @Schema(description = "The output's gradient at bindings, per differentiated variable", requiredMode = REQUIRED,
                example = "{\"x\": -0.10694178103886731, \"z\": 2.632107329988906}") Map<String, Double> gradient) {
}
