package com.focusapi.benchmarks.handlers;

import com.focusapi.benchmarks.gain.CacheGainHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a cached authenticated GET spends its CPU once warm: {@code GET /api/users/me/stats} through
 * UsersFunction's real handler (as {@link CacheGainHarness} measures it), profiled with Java Flight Recorder's
 * execution samples (running Java threads only: the request thread and Lettuce's Netty event loop; a thread
 * waiting for Redis's answer is not sampled, so the round trips themselves are not in these shares). Two views:
 * the share of samples whose stack holds a given piece (inclusive: a piece's callees count for it), and the share
 * by the library of the top frame. It answers "what stands between a cached request and the raw GET it serves".
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar com.focusapi.benchmarks.handlers.CachedRequestProfile [n]
 * [path function]} (another cached route, e.g. {@code "/api/activities/stats/daily?date=2026-11-29"
 * ActivitiesFunction}).
 */
public final class CachedRequestProfile {
    /** Piece → class-name prefixes; a sample counts for a piece when any frame of its stack matches. */
    private static final Map<String, List<String>> PIECES = new LinkedHashMap<>();
    /** Library of the top frame → class-name prefixes, first match wins. */
    private static final Map<String, List<String>> LIBRARIES = new LinkedHashMap<>();

    static {
        PIECES.put(
                "the handler: event → response (Micronaut's payload 2.0 function)",
                List.of("io.micronaut.function.aws."));
        PIECES.put(
                "request filters (hygiene, no-store, metrics timer)",
                List.of(
                        "com.focusapi.shared.http.RequestHygieneFilter",
                        "com.focusapi.shared.http.NoStoreFilter",
                        "com.focusapi.shared.metrics.HttpMetricsFilter"));
        PIECES.put(
                "caller binding (token check, the one MGET, authentication state)",
                List.of("com.focusapi.shared.accounts.internal.CurrentUserBinder"));
        PIECES.put("… access token check (JWT signature, claims)", List.of("com.focusapi.shared.accounts.JwtService"));
        PIECES.put(
                "… the MGET of the state and the route's keys (@CacheReads)",
                List.of("com.focusapi.shared.cache.CacheService.prefetchForRoute"));
        PIECES.put(
                "… authentication state (taken from the MGET, decode remembered)",
                List.of("com.focusapi.shared.accounts.AuthStateCache"));
        PIECES.put(
                "the cached answer (taken from the MGET, JSON as it is)",
                List.of("com.focusapi.shared.cache.CacheService.getOrLoadAnswer"));
        PIECES.put("validation interceptor (none on a GET any more)", List.of("io.micronaut.validation."));
        PIECES.put("Micrometer (timers, counters)", List.of("io.micrometer."));
        PIECES.put("Lettuce and Netty (either thread)", List.of("io.lettuce.", "io.netty."));
        PIECES.put(
                "the local runtime around the handler (event JSON read, response written, as Lambda's runtime does)",
                List.of("com.focusapi.benchmarks.", "com.focusapi.local."));
        LIBRARIES.put("Jackson", List.of("com.fasterxml.jackson."));
        LIBRARIES.put("Netty", List.of("io.netty."));
        LIBRARIES.put("Lettuce", List.of("io.lettuce."));
        LIBRARIES.put("Micronaut", List.of("io.micronaut."));
        LIBRARIES.put("Micrometer", List.of("io.micrometer."));
        LIBRARIES.put("Focus API", List.of("com.focusapi."));
        LIBRARIES.put("JDK", List.of("java.", "javax.", "jdk.", "sun.", "com.sun."));
    }

    private CachedRequestProfile() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        // Another cached route of the users function can be profiled the same way (e.g. /api/users/me).
        String path = args.length > 1 ? args[1] : "/api/users/me/stats";
        String function = args.length > 2 ? args[2] : "UsersFunction";
        Path root = Path.of("").toAbsolutePath();
        Path data = Files.createTempDirectory("focus-profile-");
        DemoDataSet.load(data, 100, 20_000, 20);
        Path jfr = Files.createTempFile("focus-profile-", ".jfr");
        try (HostedFunctions functions = HostedFunctions.start(root, data, Map.of("CACHE_ENABLED", "true"))) {
            String token = CacheGainHarness.login(functions);
            HostedFunctions.Prepared call = functions.prepare(function, "GET", path, null, token);
            HostedFunctions.Response.of(call.invoke()).expect(200, path);
            JitWarmUp.Request request = call::invoke;
            int warm = JitWarmUp.untilSettled(request, 3_000, 20_000);
            Configuration profile = Configuration.getConfiguration("profile");
            try (Recording recording = new Recording(profile)) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                recording.start();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    request.send();
                }
                long perRequest = (System.nanoTime() - t0) / n;
                recording.stop();
                recording.dump(jfr);
                report(jfr, function, path, n, warm, perRequest);
            }
        } finally {
            // FOCUS_PROFILE_KEEP=1 keeps the recording for `jfr print` or JDK Mission Control.
            if (System.getenv("FOCUS_PROFILE_KEEP") == null) {
                Files.deleteIfExists(jfr);
            } else {
                System.out.println("Recording kept: " + jfr);
            }
        }
        System.exit(0);
    }

    private static void report(Path jfr, String function, String path, int n, int warm, long meanNanos)
            throws Exception {
        Map<String, Integer> pieces = new LinkedHashMap<>();
        Map<String, Integer> libraries = new LinkedHashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            total++;
            String thread = event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("-?\\d+$", "-n"), 1, Integer::sum);
            for (Map.Entry<String, List<String>> piece : PIECES.entrySet()) {
                if (frames.stream().anyMatch(f -> matches(f, piece.getValue()))) {
                    pieces.merge(piece.getKey(), 1, Integer::sum);
                }
            }
            String library = LIBRARIES.entrySet().stream()
                    .filter(l -> matches(frames.get(0), l.getValue()))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse("other");
            libraries.merge(library, 1, Integer::sum);
        }
        System.out.printf(
                "%s `GET %s` (cached), %,d requests after a warm-up of %,d; mean %,d µs per"
                        + " request under the profiler; %,d execution samples (CPU of running Java threads).%n%n",
                function, path, n, warm, meanNanos / 1000, total);
        System.out.println("| piece (inclusive: its callees count for it) | share of samples |");
        System.out.println("| --- | ---: |");
        for (String piece : PIECES.keySet()) {
            System.out.printf("| %s | %.1f %% |%n", piece, 100.0 * pieces.getOrDefault(piece, 0) / total);
        }
        System.out.println();
        System.out.println("| library of the top frame | share of samples |");
        System.out.println("| --- | ---: |");
        List<Map.Entry<String, Integer>> byLibrary = new ArrayList<>(libraries.entrySet());
        byLibrary.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (Map.Entry<String, Integer> e : byLibrary) {
            System.out.printf("| %s | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / total);
        }
        System.out.println();
        System.out.println("Samples by thread: " + threads);
    }

    private static boolean matches(RecordedFrame frame, List<String> prefixes) {
        // Type and method, so that a prefix may name one method (CacheService.prefetchForRoute).
        String method =
                frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
        return prefixes.stream().anyMatch(method::startsWith);
    }
}
