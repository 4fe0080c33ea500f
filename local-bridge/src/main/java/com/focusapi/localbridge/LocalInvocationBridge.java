package com.focusapi.localbridge;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.web.router.Router;
import java.io.Closeable;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The door the local API opens into one function. The local API loads each function's own shaded jar in
 * its own class loader (as Lambda would) and talks to this class by reflection with strings only, so no
 * class crosses the loader boundary. The handler is the very class Lambda runs, over a
 * {@link LambdaApplicationContextBuilder} context whose properties come from the template's environment
 * variables:
 * <ul>
 *   <li>HTTP functions: {@link APIGatewayV2HTTPEventFunction}, fed payload 2.0 events;</li>
 *   <li>other functions (scheduled, custom resources): any {@link RequestHandler} with a constructor taking an
 *       {@link ApplicationContextBuilder} (Micronaut's {@code MicronautRequestHandler} has one), fed the event
 *       JSON converted to its input type.</li>
 * </ul>
 */
public final class LocalInvocationBridge implements AutoCloseable {
    private static final ObjectMapper EVENTS = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final String functionName;
    private final int memoryMb;
    private final int timeoutSeconds;
    private final ApplicationContext context;
    private final RequestHandler<Object, Object> handler;
    private final Class<?> inputType;

    /**
     * Cold start: builds the function's application context with {@code properties} (the template's
     * environment variables, already turned into property names) and its handler over it.
     */
    @SuppressWarnings("unchecked")
    public LocalInvocationBridge(
            String functionName, String handlerClass, Map<String, Object> properties, int memoryMb, int timeoutSeconds)
            throws Exception {
        this.functionName = functionName;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
        ClassLoader loader = LocalInvocationBridge.class.getClassLoader();
        ApplicationContextBuilder builder =
                new LambdaApplicationContextBuilder().classLoader(loader).properties(properties);
        if (APIGatewayV2HTTPEventFunction.class.getName().equals(handlerClass)) {
            this.context = builder.build();
            this.handler =
                    (RequestHandler<Object, Object>) (RequestHandler<?, ?>) new APIGatewayV2HTTPEventFunction(context);
            this.inputType = APIGatewayV2HTTPEvent.class;
        } else {
            Class<?> type = Class.forName(handlerClass, true, loader);
            Object instance =
                    type.getConstructor(ApplicationContextBuilder.class).newInstance(builder);
            this.handler = (RequestHandler<Object, Object>) instance;
            this.context = ((io.micronaut.context.ApplicationContextProvider) instance).getApplicationContext();
            this.inputType = inputTypeOf(type);
        }
    }

    /** One invocation: the event in, the handler's answer out, both as JSON. */
    public String invoke(String eventJson) throws Exception {
        Object event = EVENTS.readValue(eventJson, inputType);
        JsonNode requestContext =
                EVENTS.readTree(eventJson).path("requestContext").path("requestId");
        String requestId = requestContext.isTextual()
                ? requestContext.asText()
                : UUID.randomUUID().toString();
        Object response =
                handler.handleRequest(event, new LocalLambdaContext(functionName, requestId, memoryMb, timeoutSeconds));
        return EVENTS.writeValueAsString(response);
    }

    /** This function's metrics in the Prometheus text format, or an empty string when it has none. */
    public String scrapePrometheus() {
        return context.findBean(PrometheusMeterRegistry.class)
                .map(PrometheusMeterRegistry::scrape)
                .orElse("");
    }

    /**
     * Every route this function's Micronaut router serves, as {@code "GET /api/users/{id}"}: the method, then
     * the URI template exactly as the controller declares it (a regex such as {@code {id:[0-9]+}} included).
     * Empty for a function without a router (scheduled and custom-resource handlers). The local API's
     * route-drift test compares these with the function's routes in template.yaml.
     */
    public List<String> routes() {
        return context.findBean(Router.class)
                .map(router -> router.uriRoutes()
                        .map(route -> route.getHttpMethodName() + " " + route.getUriMatchTemplate())
                        .sorted()
                        .toList())
                .orElse(List.of());
    }

    /** How many bean definitions the context holds: the local API's leak check reads it. */
    public int beanDefinitionCount() {
        return context.getAllBeanDefinitions().size();
    }

    /** The {@code I} of {@code handleRequest(I, Context)}: the most specific one, not the erased bridge method. */
    private static Class<?> inputTypeOf(Class<?> handlerType) {
        return Arrays.stream(handlerType.getMethods())
                .filter(m -> m.getName().equals("handleRequest")
                        && m.getParameterCount() == 2
                        && m.getParameterTypes()[1] == Context.class
                        && !m.isBridge())
                .map((Method m) -> m.getParameterTypes()[0])
                .findFirst()
                .orElse(Map.class);
    }

    /** Whether the function's application context is still open (tests check that close() closes it). */
    boolean isContextRunning() {
        return context.isRunning();
    }

    @Override
    public void close() throws Exception {
        // A handler does not close a context it was given (FunctionInitializer(ctx) sets closeContext=false):
        // close it here so @PreDestroy runs (final metrics flush, Redis and pool shut down) before the local
        // API stops PostgreSQL and Redis.
        try {
            if (handler instanceof Closeable closeable) {
                closeable.close();
            }
        } finally {
            if (context.isRunning()) {
                context.close();
            }
        }
    }
}
