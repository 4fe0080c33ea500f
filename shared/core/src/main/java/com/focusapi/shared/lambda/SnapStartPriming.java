package com.focusapi.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.focusapi.shared.lambda.internal.PrimingEvents;
import com.focusapi.shared.lambda.internal.PrimingRequest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventHandler;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.ArrayList;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before the snapshot of a published version, sends the function's routes marked
 * {@link PrimedBeforeSnapshot} a request without credentials through its own HTTP pipeline (routing, filters, authentication, problem+json, JSON serialization) and the
 * {@link Primer}s (a {@code SELECT 1}, a Redis {@code PING}), so the classes, caches and JIT profile of a
 * request are in the snapshot instead of in the first request of every restored environment. Nothing it
 * does reads or writes a user's data, and the metrics filters record nothing while {@link #isPriming()}.
 * <p>
 * Registered with CRaC once the context has started: CRaC calls {@code beforeCheckpoint} in the reverse
 * order of registration, so priming runs before the hooks registered during start-up close the Redis
 * connection or flush the metrics. A priming failure is logged, never thrown: it must not cost the snapshot.
 */
@Context
public class SnapStartPriming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /** One priming step and what it gave: an HTTP status, a primer's answer, or the error. */
    public record Step(String name, String result) {}

    private final ApplicationContext applicationContext;
    private final BeanProvider<Router> router;
    private final BeanProvider<Primer> primers;
    private volatile boolean priming;
    private volatile List<Step> lastRun = List.of();

    public SnapStartPriming(
            ApplicationContext applicationContext, BeanProvider<Router> router, BeanProvider<Primer> primers) {
        this.applicationContext = applicationContext;
        this.router = router;
        this.primers = primers;
    }

    @EventListener
    void register(StartupEvent started) {
        // org.crac holds resources weakly: this bean (a singleton of the context) keeps itself alive.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to undo: priming leaves no state behind but warm classes.
    }

    /** True while the priming runs: its requests and queries are not the function's traffic. */
    public boolean isPriming() {
        return priming;
    }

    /** What the last priming did, step by step (empty before the first). */
    public List<Step> lastRun() {
        return lastRun;
    }

    /** Runs the primers, then the requests; returns (and logs) what each gave. */
    public List<Step> prime() {
        if (!applicationContext.isRunning()) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        priming = true;
        try {
            primers.stream().forEach(primer -> steps.add(run(primer)));
            List<PrimingRequest> requests = router.isPresent() ? markedRoutes(router.get()) : List.of();
            if (!requests.isEmpty()) {
                // A handler of its own on the function's context: the Lambda handler is not a bean.
                APIGatewayV2HTTPEventHandler handler = new APIGatewayV2HTTPEventHandler(applicationContext);
                requests.forEach(request -> steps.add(send(handler, request)));
            }
        } finally {
            priming = false;
        }
        lastRun = List.copyOf(steps);
        LOG.info("SnapStart priming: {}", steps);
        return lastRun;
    }

    private static List<PrimingRequest> markedRoutes(Router router) {
        return router.uriRoutes()
                .filter(route -> route.getAnnotationMetadata().hasAnnotation(PrimedBeforeSnapshot.class))
                // Micronaut adds a HEAD route beside each GET, and lists some routes more than once.
                .filter(route -> !"HEAD".equals(route.getHttpMethodName()))
                .map(SnapStartPriming::request)
                .distinct()
                .toList();
    }

    private static PrimingRequest request(UriRouteInfo<?, ?> route) {
        String body = route.getAnnotationMetadata()
                .stringValue(PrimedBeforeSnapshot.class, "body")
                .filter(text -> !text.isEmpty())
                .orElse(null);
        return new PrimingRequest(
                route.getHttpMethodName(), route.getUriMatchTemplate().toPathString(), body);
    }

    private static Step run(Primer primer) {
        try {
            return new Step(primer.name(), primer.prime());
        } catch (Exception e) {
            LOG.warn("SnapStart priming: {} failed", primer.name(), e);
            return new Step(primer.name(), "failed: " + e);
        }
    }

    private static Step send(APIGatewayV2HTTPEventHandler handler, PrimingRequest request) {
        try {
            APIGatewayV2HTTPResponse response = handler.exchange(
                            PrimingEvents.of(request), new APIGatewayV2HTTPResponse())
                    .getResponse()
                    .getNativeResponse();
            return new Step(request.toString(), String.valueOf(response.getStatusCode()));
        } catch (RuntimeException e) {
            LOG.warn("SnapStart priming: {} failed", request, e);
            return new Step(request.toString(), "failed: " + e);
        }
    }
}
