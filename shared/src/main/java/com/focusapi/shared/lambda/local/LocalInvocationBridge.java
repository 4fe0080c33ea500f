package com.focusapi.shared.lambda.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;
import java.util.UUID;

/**
 * The door the local API opens into one function. The local API loads each function's own shaded jar in
 * its own class loader (as Lambda would) and talks to this class by reflection with strings only, so no
 * class crosses the loader boundary. The handler is the very class Lambda runs:
 * {@link APIGatewayV2HTTPEventFunction} over a {@link LambdaApplicationContextBuilder} context; the only
 * difference is that the properties come from the template's environment variables passed in here.
 */
public final class LocalInvocationBridge implements AutoCloseable {
    private static final ObjectMapper EVENTS = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final String functionName;
    private final int memoryMb;
    private final int timeoutSeconds;
    private final ApplicationContext context;
    private final APIGatewayV2HTTPEventFunction handler;

    /**
     * Cold start: builds the function's application context with {@code properties} (the template's
     * environment variables, already turned into property names) and the handler over it.
     */
    public LocalInvocationBridge(String functionName, Map<String, Object> properties, int memoryMb, int timeoutSeconds) {
        this.functionName = functionName;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
        LambdaApplicationContextBuilder builder = new LambdaApplicationContextBuilder();
        builder.classLoader(LocalInvocationBridge.class.getClassLoader()).properties(properties);
        this.context = builder.build();
        this.handler = new APIGatewayV2HTTPEventFunction(context);
    }

    /** One invocation: a payload 2.0 event in, the HTTP API response out, both as JSON. */
    public String invoke(String eventJson) throws Exception {
        APIGatewayV2HTTPEvent event = EVENTS.readValue(eventJson, APIGatewayV2HTTPEvent.class);
        String requestId = event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
                ? event.getRequestContext().getRequestId() : UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event,
                new LocalLambdaContext(functionName, requestId, memoryMb, timeoutSeconds));
        return EVENTS.writeValueAsString(response);
    }

    /** This function's metrics in the Prometheus text format, or an empty string when it has none. */
    public String scrapePrometheus() {
        return context.findBean(PrometheusMeterRegistry.class).map(PrometheusMeterRegistry::scrape).orElse("");
    }

    /** How many bean definitions the context holds: the local API's leak check reads it. */
    public int beanDefinitionCount() {
        return context.getAllBeanDefinitions().size();
    }

    @Override
    public void close() {
        // The handler does not close a context it was given (FunctionInitializer(ctx) sets closeContext=false):
        // close it here so @PreDestroy runs (final metrics flush, Redis and pool shut down) before the local
        // API stops PostgreSQL and Redis.
        handler.close();
        context.close();
    }
}
