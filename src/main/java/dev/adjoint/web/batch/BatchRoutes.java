package dev.adjoint.web.batch;

import java.util.List;

/**
 * A controller offers its endpoints to the batch endpoint through this, so {@link BatchController}
 * depends on no controller and a capability's own sub-package (e.g. {@code web.higher}) adds its
 * routes by being a bean.
 */
public interface BatchRoutes {

    List<BatchRoute<?>> batchRoutes();
}
