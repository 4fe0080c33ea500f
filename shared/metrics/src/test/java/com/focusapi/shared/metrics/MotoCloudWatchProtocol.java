package com.focusapi.shared.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;

/**
 * Test-only: lets the AWS SDK's CloudWatch client talk to moto. Since SDK 2.40.6 CloudWatch speaks Smithy
 * RPC v2 CBOR only, and moto (5.2.x) serves CloudWatch in the Query and AWS JSON 1.0 protocols only
 * (getmoto/moto#9195), so each request is re-encoded from CBOR to JSON 1.0 (same operation, same data) and
 * each answer from JSON back to CBOR. It changes the encoding only: the data are what the SDK sent and what
 * moto stored. Registered for the test class path in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}.
 */
public class MotoCloudWatchProtocol implements ExecutionInterceptor {
    private static final Pattern RPC_V2 = Pattern.compile("/service/(GraniteServiceVersion20100801)/operation/(\\w+)");
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private static boolean isCloudWatchRpcV2(SdkHttpRequest request) {
        return RPC_V2.matcher(request.encodedPath()).matches();
    }

    private static boolean isRewritten(SdkHttpRequest request) {
        return request.firstMatchingHeader("X-Amz-Target").orElse("").startsWith("GraniteServiceVersion20100801.");
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        Matcher m = RPC_V2.matcher(request.encodedPath());
        if (!m.matches()) {
            return request;
        }
        return request.toBuilder()
                .encodedPath("/")
                .putHeader("X-Amz-Target", m.group(1) + "." + m.group(2))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("Accept", "application/json")
                .removeHeader("smithy-protocol")
                .removeHeader("Content-Encoding")
                .removeHeader("Content-Length")
                .build();
    }

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        Optional<RequestBody> body = context.requestBody();
        if (body.isEmpty() || !(isCloudWatchRpcV2(context.httpRequest()) || isRewritten(context.httpRequest()))) {
            return body;
        }
        byte[] cbor = read(body.get().contentStreamProvider().newStream());
        byte[] jsonBody = convert(CBOR, ungzip(cbor), JSON);
        return Optional.of(RequestBody.fromBytes(jsonBody));
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!isRewritten(context.httpRequest())) {
            return context.responseBody();
        }
        return context.responseBody().map(in -> {
            byte[] json = read(in);
            return new ByteArrayInputStream(json.length == 0 ? json : convert(JSON, json, CBOR));
        });
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!isRewritten(context.httpRequest())) {
            return context.httpResponse();
        }
        return context.httpResponse().toBuilder()
                .putHeader("Content-Type", "application/cbor")
                .putHeader("smithy-protocol", "rpc-v2-cbor")
                .removeHeader("Content-Length")
                .build();
    }

    private static byte[] convert(JsonFactory from, byte[] input, JsonFactory to) {
        try (JsonParser parser = from.createParser(input)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator generator = to.createGenerator(out)) {
                if (parser.nextToken() != null) {
                    generator.copyCurrentStructure(parser);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] ungzip(byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
            return bytes;
        }
        try {
            return read(new GZIPInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
