package com.focusapi.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a CloudFormation custom-resource request: a PUT of the result to the pre-signed S3 URL it gave.
 * The body is sent without a Content-Type, which the URL's signature does not cover.
 */
@Singleton
public class CustomResourceResponder {
    private static final Logger LOG = LoggerFactory.getLogger(CustomResourceResponder.class);
    // A plain mapper: CloudFormation's response fields are PascalCase, not the API's snake_case.
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Status {
        SUCCESS,
        FAILED
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public void send(
            Map<String, Object> event, Status status, String physicalId, String reason, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", status.name());
        body.put(
                "Reason", reason == null || reason.isEmpty() ? "See the function's CloudWatch logs" : truncate(reason));
        body.put("PhysicalResourceId", physicalId);
        body.put("StackId", event.get("StackId"));
        body.put("RequestId", event.get("RequestId"));
        body.put("LogicalResourceId", event.get("LogicalResourceId"));
        body.put("NoEcho", false);
        body.put("Data", data);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(String.valueOf(event.get("ResponseURL"))))
                    .timeout(Duration.ofSeconds(20))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("CloudFormation response URL answered " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while answering CloudFormation", e);
        } catch (Exception e) {
            LOG.error("Could not answer CloudFormation: {}", e.getMessage());
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** CloudFormation accepts response bodies up to 4 KB. */
    private static String truncate(String reason) {
        return reason.length() > 1000 ? reason.substring(0, 1000) + "…" : reason;
    }
}
