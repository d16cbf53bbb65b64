package dev.adjoint.web.platform;

import dev.adjoint.expression.CompiledExpressionCache;
import dev.adjoint.expression.ExpressionCompiler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One expression compiler for every endpoint that reads expression text, with one bounded cache of
 * compiled graphs: a problem template sent to /gradient, /check, /hessian, /derivative or
 * /instances is parsed and compiled once, whichever endpoint sees it first.
 */
@Configuration(proxyBeanMethods = false)
class CompilerConfiguration {

    @Bean
    ExpressionCompiler expressionCompiler(LimitsProperties limits) {
        return new ExpressionCompiler(limits.expressionLimits(), new CompiledExpressionCache(limits.compileCacheBytes()));
    }
}
