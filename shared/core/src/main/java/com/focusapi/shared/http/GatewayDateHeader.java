package com.focusapi.shared.http;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.HttpServerConfiguration;
import jakarta.inject.Singleton;

/**
 * No {@code Date} header from the functions: API Gateway stamps every response with its own (and the local
 * API's gateway does the same), so Micronaut formatting one per response was work thrown away, ~3 % of a
 * cached request's CPU (issue 11, {@code CachedRequestProfile}).
 */
@Singleton
public class GatewayDateHeader implements BeanCreatedEventListener<HttpServerConfiguration> {
    @Override
    public HttpServerConfiguration onCreated(BeanCreatedEvent<HttpServerConfiguration> event) {
        HttpServerConfiguration configuration = event.getBean();
        configuration.setDateHeader(false);
        return configuration;
    }
}
