package com.focusapi.challenges;

import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.cache.CacheReads;
import com.focusapi.shared.http.Page;
import com.focusapi.shared.lambda.PrimedBeforeSnapshot;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** {@code /api/challenges}: thin; every rule is in {@link ChallengeService}. */
// @Validated on the routes with a body only: on the class, its interceptor ran on every call, cached GETs
// included (7 % of one, issue 11).
@Tag(name = "challenges")
@SecurityRequirement(name = "bearerAuth")
@Controller("/api/challenges")
public class ChallengeController {
    private final ChallengeService challenges;

    public ChallengeController(ChallengeService challenges) {
        this.challenges = challenges;
    }

    @Post
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = ChallengeResponse.class)))
    @Validated
    public HttpResponse<ChallengeResponse> create(CurrentUser user, @Valid @Body ChallengeRequest request) {
        return HttpResponse.status(HttpStatus.CREATED).body(challenges.create(user, request));
    }

    // SnapStart priming: without a token, a 401 before any user data is read.
    @PrimedBeforeSnapshot
    @Get
    public Page<ChallengeResponse> list(
            CurrentUser user,
            @Nullable @QueryValue String status,
            @QueryValue(defaultValue = "1") int page,
            @QueryValue(value = "page_size", defaultValue = "20") int pageSize) {
        return challenges.list(user, status, page, pageSize, false);
    }

    @Get("/mine")
    public Page<ChallengeResponse> mine(
            CurrentUser user,
            @Nullable @QueryValue String status,
            @QueryValue(defaultValue = "1") int page,
            @QueryValue(value = "page_size", defaultValue = "20") int pageSize) {
        return challenges.list(user, status, page, pageSize, true);
    }

    @Get("/{id}")
    @CacheReads("challenge:{id}")
    public ChallengeResponse get(CurrentUser user, @PathVariable long id) {
        return challenges.get(user, id);
    }

    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public void cancel(CurrentUser user, @PathVariable long id) {
        challenges.cancel(user, id);
    }

    @Post("/{id}/join")
    @RequestBody(
            required = false,
            description = "The invitation code of a private challenge",
            content = @Content(schema = @Schema(implementation = ChallengeRequest.Join.class)))
    public ChallengeResponse join(CurrentUser user, @PathVariable long id, HttpRequest<?> request) {
        // The body is optional (a public challenge needs none): read here, as text, because binding refuses an
        // empty body; the service parses it after checking the caller.
        String body;
        try {
            body = request.getBody(String.class).orElse(null);
        } catch (RuntimeException emptyBody) {
            body = null;
        }
        return challenges.join(user, id, body);
    }

    @Post("/{id}/leave")
    @Status(HttpStatus.NO_CONTENT)
    public void leave(CurrentUser user, @PathVariable long id) {
        challenges.leave(user, id);
    }

    @Post("/{id}/complete")
    public ChallengeResponse complete(CurrentUser user, @PathVariable long id) {
        return challenges.complete(user, id);
    }

    @Get("/{id}/leaderboard")
    @CacheReads({"challenge:{id}", "challenge:{id}:leaderboard"})
    public HttpResponse<Leaderboard> leaderboard(CurrentUser user, @PathVariable long id) {
        return challenges.leaderboard(user, id);
    }
}
