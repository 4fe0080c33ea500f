package com.focusapi.shared.lambda.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** An API Gateway (HTTP API, payload 2.0) event for a priming request, as API Gateway would send it. */
public final class PrimingEvents {
    /** The priming's own client: it shows in no log as a real client's address would. */
    static final String SOURCE_IP = "127.0.0.1";

    private PrimingEvents() {}

    public static APIGatewayV2HTTPEvent of(PrimingRequest request) {
        Map<String, String> headers = new HashMap<>();
        headers.put("host", "localhost");
        headers.put("accept", "application/json");
        headers.put("user-agent", "focus-snapstart-priming");
        if (request.jsonBody() != null) {
            headers.put("content-type", "application/json");
        }
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(request.method());
        http.setPath(request.path());
        http.setProtocol("HTTP/1.1");
        http.setSourceIp(SOURCE_IP);
        http.setUserAgent(headers.get("user-agent"));
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRequestId(UUID.randomUUID().toString());
        context.setStage("$default");
        context.setRouteKey(request.method() + " " + request.path());
        context.setTimeEpoch(System.currentTimeMillis());
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(context.getRouteKey());
        event.setRawPath(request.path());
        event.setRawQueryString("");
        event.setHeaders(headers);
        event.setBody(request.jsonBody());
        event.setIsBase64Encoded(false);
        event.setRequestContext(context);
        return event;
    }
}
