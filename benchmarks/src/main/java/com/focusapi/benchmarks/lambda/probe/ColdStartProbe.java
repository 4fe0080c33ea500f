package com.focusapi.benchmarks.lambda.probe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The main class of the fresh JVM that {@code ColdStartHarness} starts for one cold start: what the Lambda
 * Java runtime does at init and first invoke, minus the runtime itself. It loads the handler class named in
 * template.yaml, constructs it through its no-arg constructor (as Lambda does), reads the event JSON into the
 * handler's input type, calls {@code handleRequest} once and prints the times on one line.
 * <p>
 * It runs with nothing but a function's jar on the class path, so it uses only what every function jar
 * carries (aws-lambda-java-core and Jackson); the harness copies this package's classes into a directory of
 * their own, never the benchmarks jar.
 * <p>
 * Args: handler class, event file, event type (a class name; {@code java.util.Map} for scheduled handlers),
 * invocations (default 1; the harness's cache warm-up uses 2). Output: {@code COLDSTART-PROBE init_ms=..
 * first_ms=.. status=..}.
 */
public final class ColdStartProbe {
    public static final String MARKER = "COLDSTART-PROBE";

    private ColdStartProbe() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Object handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long t1 = System.nanoTime();
        // Lambda's runtime deserializes the event inside the first invoke: counted in the first call here too.
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        byte[] eventJson = Files.readAllBytes(Path.of(args[1]));
        Class<?> eventType = Class.forName(args[2]);
        int invocations = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Context context = new MinimalContext();
        Object response =
                ((RequestHandler<Object, Object>) handler).handleRequest(json.readValue(eventJson, eventType), context);
        long t2 = System.nanoTime();
        for (int i = 1; i < invocations; i++) {
            response = ((RequestHandler<Object, Object>) handler)
                    .handleRequest(json.readValue(eventJson, eventType), context);
        }
        report(t0, t1, t2, status(response));
        // The handler's threads (Lettuce, Hikari, metrics) would keep the JVM alive: the measurement is done.
        System.exit(0);
    }

    /** The probe line the harness parses (shared by the SDK client probe). */
    static void report(long t0, long t1, long t2, String status) {
        System.out.printf(
                "%s init_ms=%.1f first_ms=%.1f status=%s%n",
                MARKER, (t1 - t0) / 1e6, (t2 - t1) / 1e6, status.replace(' ', '_'));
        System.out.flush();
    }

    /** An HTTP response's status code, a map's {@code statusCode}, or "ok" for any other normal return. */
    private static String status(Object response) {
        if (response instanceof Map<?, ?> map && map.containsKey("statusCode")) {
            return String.valueOf(map.get("statusCode"));
        }
        if (response != null) {
            try {
                Method getter = response.getClass().getMethod("getStatusCode");
                return String.valueOf(getter.invoke(response));
            } catch (ReflectiveOperationException e) {
                // not an HTTP response
            }
        }
        return "ok";
    }

    /**
     * What the runtime passes: a request id, the function's name and limits, a logger to stderr. Not the
     * local API's LocalLambdaContext: that one lives in local-bridge, which no function jar carries.
     */
    private static final class MinimalContext implements Context {
        private final String requestId = UUID.randomUUID().toString();
        private final long deadline = System.currentTimeMillis() + 20_000;

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + getFunctionName();
        }

        @Override
        public String getLogStreamName() {
            return "coldstart";
        }

        @Override
        public String getFunctionName() {
            return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "coldstart");
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:" + getFunctionName();
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
