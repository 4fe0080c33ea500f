package com.focusapi.shared.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrentLambdaContextFactoryTest {

    @Test
    void thousandsOfInvocationsDoNotGrowTheBeanContext() {
        try (APIGatewayV2HTTPEventFunction handler = TestFunctions.handler(Map.of("cache.enabled", false))) {
            LambdaHttp http = new LambdaHttp(handler);
            assertThat(http.get("/test/ping").getStatusCode()).isEqualTo(200);
            int definitionsAfterFirstRequest =
                    handler.getApplicationContext().getAllBeanDefinitions().size();

            for (int i = 0; i < 5_000; i++) {
                assertThat(http.get("/test/ping").getStatusCode()).isEqualTo(200);
            }

            assertThat(handler.getApplicationContext().getAllBeanDefinitions()).hasSize(definitionsAfterFirstRequest);
            assertThat(handler.getApplicationContext().getBeanDefinitions(Context.class))
                    .isEmpty();
        }
    }

    @Test
    void theCurrentContextIsTheLatestInvocations() {
        try (APIGatewayV2HTTPEventFunction handler = TestFunctions.handler(Map.of("cache.enabled", false))) {
            LambdaHttp http = new LambdaHttp(handler);
            http.get("/test/ping");
            String first = handler.getApplicationContext()
                    .getBean(CurrentLambdaContext.class)
                    .awsRequestId()
                    .orElseThrow();
            http.get("/test/ping");
            String second = handler.getApplicationContext()
                    .getBean(CurrentLambdaContext.class)
                    .awsRequestId()
                    .orElseThrow();
            assertThat(second).isNotEqualTo(first);
        }
    }
}
