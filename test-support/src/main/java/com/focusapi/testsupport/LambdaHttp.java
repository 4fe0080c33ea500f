package com.focusapi.testsupport;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Calls a Lambda handler the way API Gateway (HTTP API, payload 2.0) does: the tests exercise the very
 * handler class that Lambda runs, not an embedded server.
 */
public final class LambdaHttp {
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

    public LambdaHttp(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        this.handler = handler;
    }

    public APIGatewayV2HTTPResponse get(String path) {
        return send("GET", path, null, Map.of());
    }

    public APIGatewayV2HTTPResponse send(String method, String pathAndQuery, String body, Map<String, String> headers) {
        return handler.handleRequest(event(method, pathAndQuery, body, headers), new TestContext());
    }

    /** As {@link #send}, from another client address ({@code requestContext.http.sourceIp}). */
    public APIGatewayV2HTTPResponse sendFrom(
            String sourceIp, String method, String pathAndQuery, String body, Map<String, String> headers) {
        APIGatewayV2HTTPEvent event = event(method, pathAndQuery, body, headers);
        event.getRequestContext().getHttp().setSourceIp(sourceIp);
        return handler.handleRequest(event, new TestContext());
    }

    public static APIGatewayV2HTTPEvent event(
            String method, String pathAndQuery, String body, Map<String, String> headers) {
        String path = pathAndQuery;
        String query = "";
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            query = pathAndQuery.substring(q + 1);
        }
        Map<String, String> allHeaders = new HashMap<>();
        allHeaders.put("host", "localhost");
        allHeaders.put("user-agent", "focus-tests");
        if (body != null) {
            allHeaders.put("content-type", "application/json");
        }
        headers.forEach((k, v) -> allHeaders.put(k.toLowerCase(), v));
        Map<String, String> queryParameters = new HashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                queryParameters.merge(kv[0], kv.length > 1 ? kv[1] : "", (a, b) -> a + "," + b);
            }
        }
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("127.0.0.1");
        http.setUserAgent("focus-tests");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRequestId(UUID.randomUUID().toString());
        context.setStage("$default");
        context.setRouteKey("$default");
        context.setTimeEpoch(System.currentTimeMillis());
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(path);
        event.setRawQueryString(query);
        event.setHeaders(allHeaders);
        event.setQueryStringParameters(queryParameters.isEmpty() ? null : queryParameters);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        event.setRequestContext(context);
        return event;
    }

    /** A Lambda context with a fresh request id per invocation, as the runtime gives. */
    public static final class TestContext implements Context {
        private final String requestId = UUID.randomUUID().toString();

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/test";
        }

        @Override
        public String getLogStreamName() {
            return "test";
        }

        @Override
        public String getFunctionName() {
            return "test";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:test";
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
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
