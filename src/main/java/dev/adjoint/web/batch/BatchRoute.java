package dev.adjoint.web.batch;

import dev.adjoint.web.admission.Cost;
import dev.adjoint.web.admission.Ticket;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One endpoint a batch item may name: the path (without {@code /api/v1/}, e.g.
 * {@code expressions/check}), how its body is read, what it costs, and how an admitted request is
 * answered: the same method the request alone reaches, so the item gets the same status and body.
 */
public record BatchRoute<R>(String path, Class<R> type, Function<R, Cost> cost, BiFunction<R, Ticket, Object> answer) {

    Cost costOf(Object request) {
        return cost.apply(type.cast(request));
    }

    Object answer(Object request, Ticket ticket) {
        return answer.apply(type.cast(request), ticket);
    }
}
