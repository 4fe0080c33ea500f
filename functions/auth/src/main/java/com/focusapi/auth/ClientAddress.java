package com.focusapi.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.servlet.http.ServletHttpRequest;

/**
 * The client address API Gateway saw ({@code requestContext.http.sourceIp}), the key of the per-address
 * limits. Never a header a client writes ({@code X-Forwarded-For} could name any address).
 */
final class ClientAddress {
    static final String UNKNOWN = "unknown";

    private ClientAddress() {}

    static String of(APIGatewayV2HTTPEvent event) {
        if (event != null
                && event.getRequestContext() != null
                && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getSourceIp() != null) {
            return event.getRequestContext().getHttp().getSourceIp();
        }
        return UNKNOWN;
    }

    /** Of the request being handled (routes whose signature does not take the event). */
    static String current() {
        return ServerRequestContext.currentRequest()
                .filter(r -> r instanceof ServletHttpRequest<?, ?>)
                .map(r -> ((ServletHttpRequest<?, ?>) r).getNativeRequest())
                .filter(APIGatewayV2HTTPEvent.class::isInstance)
                .map(e -> of((APIGatewayV2HTTPEvent) e))
                .orElse(UNKNOWN);
    }
}
