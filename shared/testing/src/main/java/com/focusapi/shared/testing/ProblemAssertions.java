package com.focusapi.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.testsupport.JsonApi.Reply;

/** Assertions on problem+json answers (RFC 9457) as the functions give them. */
public final class ProblemAssertions {
    private ProblemAssertions() {}

    /** A problem answer of {@code status} whose errors name {@code field}. */
    public static void assertField(Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.errorFields()).as(reply.toString()).contains(field);
    }

    /** A problem answer of {@code status}. */
    public static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    }

    /** The 401 of a refused access token: problem+json with the {@code WWW-Authenticate: Bearer} challenge. */
    public static void assertUnauthorized(Reply reply) {
        assertProblem(reply, 401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    /** A 400 naming {@code field}: the usual answer to bad input. */
    public static void assertField(Reply reply, String field) {
        assertField(reply, 400, field);
    }
}
