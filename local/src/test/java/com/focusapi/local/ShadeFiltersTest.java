package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.local.SamTemplate.FunctionDefinition;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The root pom's shade filters drop parts of libraries (Lettuce, Netty, Micrometer, the Lambda events, the
 * PostgreSQL driver, Micronaut's HTTP client configuration). A part is only safe to drop when nothing left in
 * the jar names it: otherwise the first call down that path (often an error or reconnect path no other test
 * takes) ends in NoClassDefFoundError, or the class that names it fails verification when it loads. For every
 * function jar this reads every class and checks that what it names in the namespaces the filters trim is in
 * the jar (its constant pool and descriptors, and its class-name strings, the {@code Class.forName} lookups),
 * and that every class Micronaut's generated metadata ({@code META-INF/micronaut/}) and the service files
 * ({@code META-INF/services/}) list is in the jar.
 */
class ShadeFiltersTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    /** The namespaces some filter in the root pom trims. */
    private static final List<String> TRIMMED = List.of(
            "io/lettuce/",
            "io/netty/",
            "io/micrometer/core/instrument/binder/",
            "io/micrometer/core/instrument/kotlin/",
            "io/micronaut/http/client/",
            "org/postgresql/",
            "com/amazonaws/services/lambda/runtime/events/",
            "org/joda/time/");
    // Not org/checkerframework/ (artifact excluded too): annotations only, and the JVM skips an annotation whose
    // class is missing when annotations are read.

    /**
     * Named but absent before any filter: optional libraries no function depends on. Lettuce and Netty look
     * them up by name first (native transports, OpenSSL through netty-tcnative, macOS DNS) and fall back to NIO,
     * the JDK's TLS and resolv.conf; Micronaut's self-signed certificate provider needs netty-pkitesting and its
     * Netty HTTP client factory micronaut-http-client, neither configured nor present.
     */
    private static final List<String> OPTIONAL_LIBRARIES = List.of(
            "io/netty/channel/epoll/",
            "io/netty/channel/kqueue/",
            "io/netty/incubator/channel/uring/",
            "io/netty/channel/uring/",
            "io/netty/internal/tcnative/",
            "io/netty/pkitesting/",
            "io/netty/resolver/dns/macos/",
            "io/micronaut/http/client/NettyClientHttpRequestFactory");

    /** Referrer → the prefix of what it names and the jar lacks, accepted for the reason given. */
    private static final Map<String, String> ACCEPTED = Map.ofEntries(
            // Reactor's Schedulers.enableMetrics() (deprecated, never called) wraps executors with Micrometer's
            // ExecutorServiceMetrics, a binder the micrometer-core filter drops.
            Map.entry(
                    "reactor/core/scheduler/SchedulerMetricDecorator$1MetricsRemovingScheduledExecutorService",
                    "io/micrometer/core/instrument/binder/jvm/ExecutorServiceMetrics"),
            // The custom-authorizer event's getTime() parses with Joda-Time (artifact excluded): no function
            // takes that event, the HTTP ones take APIGatewayV2HTTPEvent.
            Map.entry(
                    "com/amazonaws/services/lambda/runtime/events/APIGatewayV2CustomAuthorizerEvent$RequestContext",
                    "org/joda/time/"),
            // Micronaut core's optional Netty support, used only when Netty is on the class path: the scheduled
            // and deploy-time functions carry no Netty at all (no Lettuce).
            Map.entry("io/micronaut/jackson/core/parser/JacksonCoreParserFactory", "io/netty/"),
            Map.entry("io/micronaut/core/propagation/ThreadContext", "io/netty/"),
            // Strings that look like class names and are not: Netty's JFR event names, a Lettuce system
            // property, and the driver's "org.postgresql.geometric.PGBox" (the class is PGbox: the lookup
            // falls back, as it does upstream).
            Map.entry("io/netty/buffer/AllocateBufferEvent", "io/netty/AllocateBuffer"),
            Map.entry("io/netty/buffer/AllocateChunkEvent", "io/netty/AllocateChunk"),
            Map.entry("io/netty/buffer/FreeBufferEvent", "io/netty/FreeBuffer"),
            Map.entry("io/netty/buffer/FreeChunkEvent", "io/netty/FreeChunk"),
            Map.entry("io/netty/buffer/ReallocateBufferEvent", "io/netty/ReallocateBuffer"),
            Map.entry("io/netty/buffer/ReturnChunkEvent", "io/netty/ReturnChunk"),
            Map.entry("io/lettuce/core/protocol/CommandArgs$IntegerCache", "io/lettuce/core/CommandArgs/IntegerCache"),
            Map.entry("org/postgresql/jdbc/TypeInfoCache", "org/postgresql/geometric/PGBox"));

    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");
    private static final Pattern CLASS_NAME = Pattern.compile("[a-z]\\w*(\\.[a-z_]\\w*)*(\\.[A-Z][\\w$]*)+");

    private static SamTemplate template;

    @BeforeAll
    static void load() throws IOException {
        template = SamTemplate.load(REPO.resolve("template.yaml"));
    }

    @TestFactory
    List<DynamicTest> noClassInAJarNamesAClassTheFiltersDropped() {
        return perJar(jar -> assertThat(missingReferences(jar))
                .as("classes in %s naming a class that is not in it (missing class → referrers)", jar)
                .isEmpty());
    }

    @TestFactory
    List<DynamicTest> everyClassMicronautMetadataAndServiceFilesListIsInTheJar() {
        return perJar(jar -> assertThat(missingListedClasses(jar))
                .as("entries of %s naming a class that is not in it", jar)
                .isEmpty());
    }

    interface JarCheck {
        void check(Path jar) throws Exception;
    }

    private static List<DynamicTest> perJar(JarCheck check) {
        Set<Path> jars = new HashSet<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            if (jars.add(function.jar())) { // the challenges jar serves two functions
                tests.add(DynamicTest.dynamicTest(function.logicalId(), () -> check.check(function.jar())));
            }
        }
        return tests;
    }

    private static Map<String, Set<String>> missingReferences(Path jar) throws IOException {
        Map<String, Set<String>> missing = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Set<String> present = classesIn(zip);
            for (String name : present) {
                ClassNames names;
                try (InputStream in = zip.getInputStream(zip.getEntry(name + ".class"))) {
                    names = namedClasses(in);
                }
                Set<String> named = new HashSet<>(names.references());
                for (String string : names.strings()) {
                    if (CLASS_NAME.matcher(string).matches()) {
                        named.add(string.replace('.', '/'));
                    }
                }
                for (String target : named) {
                    if (!present.contains(target) && isTrimmed(target) && !isAccepted(name, target)) {
                        missing.computeIfAbsent(target, k -> new TreeSet<>()).add(name);
                    }
                }
            }
        }
        return missing;
    }

    private static boolean isTrimmed(String target) {
        return TRIMMED.stream().anyMatch(target::startsWith)
                && OPTIONAL_LIBRARIES.stream().noneMatch(target::startsWith);
    }

    private static boolean isAccepted(String referrer, String target) {
        return target.startsWith(ACCEPTED.getOrDefault(referrer, "\0"));
    }

    /** {@code META-INF/micronaut/<service>/<class>} entries and {@code META-INF/services/} lines. */
    private static Set<String> missingListedClasses(Path jar) throws IOException {
        Set<String> missing = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Set<String> present = classesIn(zip);
            for (ZipEntry entry : zip.stream().toList()) {
                String[] parts = entry.getName().split("/");
                if (entry.isDirectory()) {
                    continue;
                }
                if (entry.getName().startsWith("META-INF/micronaut/") && parts.length == 4) {
                    if (!present.contains(parts[3].replace('.', '/'))) {
                        missing.add(entry.getName());
                    }
                } else if (entry.getName().startsWith("META-INF/services/") && parts.length == 3) {
                    String text;
                    try (InputStream in = zip.getInputStream(entry)) {
                        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    for (String line : text.split("\n")) {
                        String implementation = line.replaceFirst("#.*", "").trim();
                        if (!implementation.isEmpty() && !present.contains(implementation.replace('.', '/'))) {
                            missing.add(entry.getName() + ": " + implementation);
                        }
                    }
                }
            }
        }
        return missing;
    }

    private static Set<String> classesIn(ZipFile zip) {
        Set<String> present = new HashSet<>();
        zip.stream()
                .map(ZipEntry::getName)
                .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                .forEach(n -> present.add(n.substring(0, n.length() - ".class".length())));
        return present;
    }

    /** What one class file names: classes (as the linker and verifier see them) and string constants. */
    record ClassNames(Set<String> references, List<String> strings) {}

    /**
     * Its constant pool's class entries and every type in its field, method and signature descriptors, and its
     * string constants.
     */
    static ClassNames namedClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classEntries = new ArrayList<>();
        List<Integer> stringEntries = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classEntries.add(in.readUnsignedShort());
                case 8 -> stringEntries.add(in.readUnsignedShort());
                case 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        Set<String> references = new HashSet<>();
        for (int index : classEntries) {
            String name = utf8[index].replaceFirst("^\\[+", "");
            if (name.startsWith("L") && name.endsWith(";")) {
                name = name.substring(1, name.length() - 1);
            }
            references.add(name);
        }
        for (String value : utf8) {
            if (value != null
                    && (value.startsWith("(")
                            || value.startsWith("L")
                            || value.startsWith("[")
                            || value.startsWith("<"))) {
                Matcher m = TYPE_IN_DESCRIPTOR.matcher(value);
                while (m.find()) {
                    references.add(m.group(1));
                }
            }
        }
        List<String> strings = new ArrayList<>();
        for (int index : stringEntries) {
            strings.add(utf8[index]);
        }
        return new ClassNames(references, strings);
    }
}
