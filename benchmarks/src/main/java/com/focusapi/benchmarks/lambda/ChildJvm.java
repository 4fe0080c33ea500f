package com.focusapi.benchmarks.lambda;

import com.focusapi.benchmarks.lambda.probe.ColdStartProbe;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the cold-start harnesses share: one fresh {@code java} process per measurement (the same JDK as the
 * harness), the probe classes copied out of the benchmarks jar into a directory of their own, the probe line
 * parsed, medians, jar sizes and the machine line.
 */
public final class ChildJvm {
    /** The template's Globals JAVA_TOOL_OPTIONS, used when a template is not at hand (SDK harness). */
    static final String LAMBDA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private static final Pattern PROBE_LINE =
            Pattern.compile(ColdStartProbe.MARKER + " init_ms=([0-9.]+) first_ms=([0-9.]+) status=(\\S+)");
    private static final double MB = 1024 * 1024;

    private ChildJvm() {}

    /** One run: the handler's construction, its first call, their sum, and what the call answered. */
    record Outcome(double initMs, double firstMs, String status, Path log) {
        double totalMs() {
            return initMs + firstMs;
        }
    }

    /** Size and {@code .class} count of some jars (together). */
    record JarStats(double megabytes, int classes) {
        static JarStats of(List<Path> jars) {
            long bytes = 0;
            int classes = 0;
            for (Path jar : jars) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    bytes += Files.size(jar);
                    Enumeration<? extends ZipEntry> entries = zip.entries();
                    while (entries.hasMoreElements()) {
                        if (entries.nextElement().getName().endsWith(".class")) {
                            classes++;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + jar, e);
                }
            }
            return new JarStats(bytes / MB, classes);
        }
    }

    /**
     * Copies the probe package's classes (and only those) into a new directory: the child's class path is a
     * function jar plus this directory, so the probe cannot borrow anything from the benchmarks jar.
     */
    static Path probeDirectory(Path parent) throws IOException {
        Path target = Files.createDirectories(parent.resolve("probe-classes"));
        String prefix = ColdStartProbe.class.getPackageName().replace('.', '/') + "/";
        Path source;
        try {
            source = Path.of(ColdStartProbe.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(source)) {
            // Run from target/classes (an IDE): copy the package folder.
            try (Stream<Path> files = Files.walk(source.resolve(prefix))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } else {
            try (ZipFile jar = new ZipFile(source.toFile())) {
                Enumeration<? extends ZipEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (!entry.isDirectory()
                            && entry.getName().startsWith(prefix)
                            && entry.getName().endsWith(".class")) {
                        Path copy = target.resolve(entry.getName());
                        Files.createDirectories(copy.getParent());
                        try (InputStream in = jar.getInputStream(entry)) {
                            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        }
        return target;
    }

    /**
     * A clean environment for a child: only PATH, HOME, LANG and TMPDIR from the harness (so that nothing set
     * in the caller's shell, like a MICRONAUT_ENVIRONMENTS or JAVA_TOOL_OPTIONS, leaks into the function).
     */
    static Map<String, String> baseEnvironment() {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("PATH", "HOME", "LANG", "TMPDIR")) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    /** Runs {@code mainClass} in a fresh JVM, output to {@code log}; throws when it times out or prints no probe line. */
    static Outcome run(
            List<Path> classpath, Map<String, String> environment, String mainClass, List<String> args, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-cp",
                String.join(
                        File.pathSeparator,
                        classpath.stream().map(Path::toString).toList()),
                mainClass));
        command.addAll(args);
        Process process = start(command, environment, Path.of(""), log);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("timed out after 90 s; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher m = PROBE_LINE.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("exit " + process.exitValue() + " without a probe line; see " + log);
        }
        return new Outcome(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), m.group(3), log);
    }

    /** Starts {@code command} in {@code directory} with exactly {@code environment} (nothing inherited). */
    static Process start(List<String> command, Map<String, String> environment, Path directory, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    static double[] totals(List<Outcome> outcomes) {
        return outcomes.stream().mapToDouble(Outcome::totalMs).toArray();
    }

    /** "2 cores · openjdk version ... · date · load average" (the load read now: call it before and after). */
    public static String machineLine() throws IOException, InterruptedException {
        Process version = new ProcessBuilder(javaBinary(), "-version")
                .redirectErrorStream(true)
                .start();
        String javaVersion = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.startsWith("Picked up"))
                .limit(1)
                .findFirst()
                .orElse("?");
        version.waitFor();
        return Runtime.getRuntime().availableProcessors() + " cores · " + javaVersion + " · "
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
                + " · load average " + loadAverage();
    }

    /** The 1/5/15-minute load averages from /proc/loadavg ("n/a" elsewhere). */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    static String ms(double value) {
        return String.format("%,.0f", value);
    }
}
