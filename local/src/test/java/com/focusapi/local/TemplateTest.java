package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What {@code sam deploy} gives every function, checked on template.yaml itself (intrinsics kept, Globals
 * applied as SAM applies them): SnapStart on published versions behind an alias, the VPC, its own log group
 * with a retention, alarms on its errors and throttles, and exactly the permissions its code uses.
 *
 * <p>Permissions are granted per capability: one managed policy each ({@link #CAPABILITIES}), attached to a
 * function exactly when its shaded jar (the one Lambda and the local API run) contains the code that makes
 * that AWS call and its environment does not switch the call off. So an action no code of the function calls
 * fails the test, and so does a call no policy allows.
 */
class TemplateTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    /** One managed policy per AWS call the code makes, with the only actions it may hold. */
    private record Capability(String policy, Set<String> actions, String why) {}

    private static final Map<String, Capability> CAPABILITIES = Map.of(
            "cloudwatch",
                    new Capability(
                            "MetricsPublishPolicy",
                            Set.of("cloudwatch:PutMetricData"),
                            "Micrometer's CloudWatch registry (shared/metrics CloudWatchPublisher), unless CLOUDWATCH_ENABLED=false"),
            "database-secret",
                    new Capability(
                            "DatabaseSecretReadPolicy",
                            Set.of("secretsmanager:GetSecretValue", "kms:Decrypt"),
                            "DATABASE_SECRET_ARN, read by the pool of a function that uses the database"),
            "jwt-secret",
                    new Capability(
                            "JwtSecretReadPolicy",
                            Set.of("secretsmanager:GetSecretValue", "kms:Decrypt"),
                            "JWT_SECRET_ARN (shared/accounts JwtSecretSource)"),
            "cache-iam",
                    new Capability(
                            "CacheConnectPolicy",
                            Set.of("elasticache:Connect"),
                            "REDIS_IAM_AUTH tokens (shared/cache IamAuthTokens), unless CACHE_ENABLED=false"),
            "ses",
                    new Capability(
                            "SendEmailPolicy",
                            Set.of("ses:SendEmail"),
                            "EMAIL_SENDER=ses (shared/email SesEmailSender)"));

    private static final Map<String, Object> TEMPLATE = load();

    // ------------------------------------------------------------------------------------------ per function

    @TestFactory
    Stream<DynamicTest> everyFunctionIsDeployedAsTheIssueAsks() {
        return functions().keySet().stream()
                .flatMap(id -> Stream.of(
                        DynamicTest.dynamicTest(
                                id + ": SnapStart on published versions, behind an alias", () -> snapStart(id)),
                        DynamicTest.dynamicTest(id + ": in the VPC", () -> vpc(id)),
                        DynamicTest.dynamicTest(id + ": its own log group, with a retention", () -> logGroup(id)),
                        DynamicTest.dynamicTest(id + ": alarms on its errors and throttles", () -> alarms(id)),
                        DynamicTest.dynamicTest(id + ": exactly the permissions its code uses", () -> permissions(id)),
                        DynamicTest.dynamicTest(id + ": schedules retry, then dead-letter", () -> schedules(id))));
    }

    /** A scheduled function: the rule retries delivery, the invocation retries, both end in the queue. */
    private static void schedules(String id) {
        boolean scheduled = false;
        for (Object event : map(property(id, "Events")).values()) {
            if ("Schedule".equals(map(event).get("Type"))) {
                scheduled = true;
                Map<String, Object> properties = map(map(event).get("Properties"));
                assertThat(properties).as(id + " schedule").containsKeys("RetryPolicy", "DeadLetterConfig");
            }
        }
        if (scheduled) {
            assertThat(String.valueOf(property(id, "EventInvokeConfig")))
                    .as(id + " EventInvokeConfig")
                    .contains("OnFailure")
                    .contains("ScheduleDeadLetterQueue");
        }
    }

    private static void snapStart(String id) {
        assertThat(map(property(id, "SnapStart")).get("ApplyOn"))
                .as(id + " SnapStart.ApplyOn")
                .isEqualTo("PublishedVersions");
        assertThat(property(id, "AutoPublishAlias"))
                .as(id + " AutoPublishAlias (routes and schedules use the alias)")
                .isInstanceOf(String.class)
                .asString()
                .isNotBlank();
        assertThat(String.valueOf(property(id, "Runtime")))
                .as(id + " runtime with SnapStart")
                .startsWith("java");
    }

    private static void vpc(String id) {
        Map<String, Object> vpc = map(property(id, "VpcConfig"));
        assertThat(vpc).as(id + " VpcConfig").containsKeys("SecurityGroupIds", "SubnetIds");
        assertThat(String.valueOf(vpc.get("SecurityGroupIds"))).contains("FunctionSecurityGroup");
    }

    private static void logGroup(String id) {
        Object logGroupRef = map(property(id, "LoggingConfig")).get("LogGroup");
        assertThat(logGroupRef).as(id + " LoggingConfig.LogGroup").isInstanceOf(Map.class);
        String logGroupId = String.valueOf(map(logGroupRef).get("Ref"));
        Map<String, Object> logGroup = resource(logGroupId);
        assertThat(logGroup.get("Type")).as(logGroupId).isEqualTo("AWS::Logs::LogGroup");
        Map<String, Object> properties = map(logGroup.get("Properties"));
        assertThat(properties).as(logGroupId + " RetentionInDays").containsKey("RetentionInDays");
        // The name Lambda (and `sam logs`) would use anyway: /aws/lambda/<FunctionName>.
        assertThat(String.valueOf(map(properties.get("LogGroupName")).get("Fn::Sub")))
                .as(logGroupId + " LogGroupName")
                .isEqualTo("/aws/lambda/" + map(property(id, "FunctionName")).get("Fn::Sub"));
    }

    private static void alarms(String id) {
        Set<String> metrics = new TreeSet<>();
        for (Map<String, Object> alarm :
                resourcesOfType("AWS::CloudWatch::Alarm").values()) {
            Map<String, Object> properties = map(alarm.get("Properties"));
            if ("AWS/Lambda".equals(properties.get("Namespace"))
                    && String.valueOf(properties.get("Dimensions")).contains("{Ref=" + id + "}")) {
                metrics.add(String.valueOf(properties.get("MetricName")));
                assertThat(String.valueOf(properties.get("AlarmActions"))).contains("AlarmTopic");
            }
        }
        assertThat(metrics).as(id + " alarms").contains("Errors", "Throttles");
    }

    private static void permissions(String id) throws IOException {
        Set<String> attached = new TreeSet<>();
        for (Object policy : list(property(id, "Policies"))) {
            for (Object branch : branches(policy)) {
                Object ref = map(branch).get("Ref");
                assertThat(ref)
                        .as(id + ": a policy that is not one of the capability policies (" + branch + ")")
                        .isInstanceOf(String.class);
                if (!"AWS::NoValue".equals(ref)) {
                    attached.add((String) ref);
                }
            }
        }
        Set<String> needed = new TreeSet<>();
        Map<String, String> reasons = new TreeMap<>();
        for (String capability : usedCapabilities(id)) {
            needed.add(CAPABILITIES.get(capability).policy());
            reasons.put(
                    CAPABILITIES.get(capability).policy(),
                    CAPABILITIES.get(capability).why());
        }
        assertThat(attached)
                .as(id + ": policies attached (left) vs. AWS calls its code makes (right: " + reasons + ")")
                .isEqualTo(needed);
    }

    // ------------------------------------------------------------------------------------------ per policy

    @Test
    void everyCapabilityPolicyHoldsOnlyItsActionsOnItsResources() {
        for (Capability capability : CAPABILITIES.values()) {
            Map<String, Object> policy = resource(capability.policy());
            assertThat(policy.get("Type")).as(capability.policy()).isEqualTo("AWS::IAM::ManagedPolicy");
            Map<String, Object> document = map(map(policy.get("Properties")).get("PolicyDocument"));
            for (Object statement : list(document.get("Statement"))) {
                for (Object branch : branches(statement)) {
                    Map<String, Object> s = map(branch);
                    if (s.isEmpty() || "AWS::NoValue".equals(s.get("Ref"))) {
                        continue;
                    }
                    assertThat(s.get("Effect")).isEqualTo("Allow");
                    for (Object action : actions(s.get("Action"))) {
                        assertThat(capability.actions())
                                .as(capability.policy() + " action")
                                .contains(String.valueOf(action));
                    }
                    if ("*".equals(s.get("Resource"))) {
                        // IAM cannot scope PutMetricData by resource: it is scoped to the stage's namespace.
                        assertThat(String.valueOf(s.get("Condition")))
                                .as(capability.policy() + " on '*'")
                                .contains("cloudwatch:namespace");
                    }
                }
            }
        }
    }

    @Test
    void noFunctionPolicyGrantsWhatNoCodeCalls() {
        // The template's only other IAM: the RDS Proxy's role (reads the database secret) and what SAM adds
        // itself (logs, VPC network interfaces, the scheduled functions' dead-letter queue).
        assertThat(resourcesOfType("AWS::IAM::ManagedPolicy").keySet())
                .containsExactlyInAnyOrderElementsOf(
                        CAPABILITIES.values().stream().map(Capability::policy).toList());
        assertThat(resourcesOfType("AWS::IAM::Role").keySet()).containsExactly("DatabaseProxyRole");
    }

    // ------------------------------------------------------------------------------------------ environment

    /**
     * Every variable the template sets is one the code reads (README's configuration table documents each
     * with its default); every variable the code reads without a default is set by the template, or is an
     * optional setting AWS does not need.
     */
    @Test
    void everyVariableIsDocumentedAndEveryRequiredOneIsSet() throws IOException {
        Map<String, String> documented = documentedVariables();
        Set<String> runtimeOnly = Set.of("JAVA_TOOL_OPTIONS"); // read by the JVM
        for (String id : functions().keySet()) {
            Map<String, Object> environment = environment(id);
            for (String variable : environment.keySet()) {
                if (!runtimeOnly.contains(variable)) {
                    assertThat(documented)
                            .as(id + " sets " + variable + ": no row of README's configuration table")
                            .containsKey(variable);
                }
            }
        }
        // Variables without a default: the template sets them, or AWS does not need them.
        Set<String> optionalInAws = Set.of(
                "REDIS_PASSWORD", // ElastiCache: TLS + IAM or no password
                "DATABASE_PASSWORD", // DATABASE_SECRET_ARN instead
                "DATABASE_SECRETS_ENDPOINT", // tests (the AWS emulator)
                "JWT_SECRET_FILE", // local API; JWT_SECRET_ARN in AWS
                "JWT_SECRETS_ENDPOINT"); // tests (the AWS emulator)
        for (Map.Entry<String, String> row : documented.entrySet()) {
            String defaultValue = row.getValue().replace("`", "").trim().toLowerCase();
            boolean noDefault = defaultValue.equals("—") || defaultValue.equals("none") || defaultValue.isEmpty();
            if (noDefault && !optionalInAws.contains(row.getKey())) {
                for (String id : functions().keySet()) {
                    if (readBy(id).contains("core")) {
                        assertThat(environment(id))
                                .as(id + ": " + row.getKey() + " has no default and is not set")
                                .containsKey(row.getKey());
                    }
                }
            }
        }
    }

    @Test
    void emailDefaultsToTheConsoleAndTheJwtSecretIsGenerated() {
        Map<String, Object> parameters = map(TEMPLATE.get("Parameters"));
        assertThat(map(parameters.get("EmailSender")).get("Default")).isEqualTo("console");
        Map<String, Object> jwt =
                map(map(resource("JwtSecret").get("Properties")).get("GenerateSecretString"));
        assertThat(((Number) jwt.get("PasswordLength")).intValue()).isGreaterThanOrEqualTo(32);
        assertThat(map(globals().get("Environment")).toString()).contains("JWT_SECRET_ARN={Ref=JwtSecret}");
        for (String parameter : parameters.keySet()) {
            Map<String, Object> p = map(parameters.get(parameter));
            assertThat(p)
                    .as("parameter " + parameter + " needs a default (sam deploy --guided answers all with Enter)")
                    .containsKey("Default");
        }
    }

    @Test
    void theMigrationsAnswerWithinMinutesFromInsideTheVpc() {
        Map<String, Object> migration = map(resource("SchemaMigration").get("Properties"));
        int serviceTimeout = ((Number) migration.get("ServiceTimeout")).intValue();
        int functionTimeout = ((Number) property("MigrateFunction", "Timeout")).intValue();
        assertThat(serviceTimeout).isGreaterThan(functionTimeout).isLessThanOrEqualTo(900);
        assertThat(String.valueOf(migration.get("ServiceToken"))).contains("MigrateFunction.Alias");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The capabilities whose code is in the function's jar and that its environment leaves on. */
    private static Set<String> usedCapabilities(String id) throws IOException {
        Set<String> modules = readBy(id);
        Map<String, Object> environment = environment(id);
        Set<String> used = new TreeSet<>();
        if (modules.contains("metrics") && !"false".equals(environment.get("CLOUDWATCH_ENABLED"))) {
            used.add("cloudwatch");
        }
        if (modules.contains("database")) {
            used.add("database-secret");
        }
        if (modules.contains("accounts")) {
            used.add("jwt-secret");
        }
        if (modules.contains("cache") && !"false".equals(environment.get("CACHE_ENABLED"))) {
            used.add("cache-iam");
        }
        if (modules.contains("email")) {
            used.add("ses");
        }
        return used;
    }

    private static final Pattern FUNCTION_PACKAGE = Pattern.compile("com/focusapi/(?!shared/)[^/]+/.*\\.class");

    /**
     * The shared modules in the function's shaded jar, and "database" when its own classes (or a module that
     * queries: accounts, stats) use the database; core alone does not (the janitor links it for settings).
     */
    private static Set<String> readBy(String id) throws IOException {
        Path jar = REPO.resolve(String.valueOf(property(id, "CodeUri"))).resolve("target/function.jar");
        assertThat(jar).as("the shaded jar of " + id + " (mvn package first)").exists();
        Set<String> modules = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                String name = entry.getName();
                for (String module : List.of("cache", "metrics", "accounts", "email", "stats")) {
                    if (name.startsWith("com/focusapi/shared/" + module + "/")) {
                        modules.add(module);
                    }
                }
                if (name.startsWith("com/focusapi/shared/persistence/")) {
                    modules.add("core");
                }
                if (FUNCTION_PACKAGE.matcher(name).matches()) {
                    String constants =
                            new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (constants.contains("com/focusapi/shared/persistence/")) {
                        modules.add("database");
                    }
                }
            }
        }
        if (modules.contains("accounts") || modules.contains("stats")) {
            modules.add("database");
        }
        return modules;
    }

    private static Map<String, String> documentedVariables() throws IOException {
        Map<String, String> variables = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]+)` \\| ([^|]*) \\|")
                .matcher(Files.readString(REPO.resolve("README.md")));
        while (row.find()) {
            variables.put(row.group(1), row.group(2).trim());
        }
        assertThat(variables).as("README's configuration table").containsKey("DATABASE_URL");
        return variables;
    }

    private static Map<String, Map<String, Object>> functions() {
        return resourcesOfType("AWS::Serverless::Function");
    }

    private static Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        map(TEMPLATE.get("Resources")).forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                result.put(id, map(resource));
            }
        });
        return result;
    }

    private static Map<String, Object> resource(String id) {
        Map<String, Object> resource = map(map(TEMPLATE.get("Resources")).get(id));
        assertThat(resource).as("resource " + id).isNotEmpty();
        return resource;
    }

    private static Map<String, Object> globals() {
        return map(map(TEMPLATE.get("Globals")).get("Function"));
    }

    /** The function's property, or the Globals' one (SAM merges maps: the function's keys win). */
    private static Object property(String id, String name) {
        Object own = map(resource(id).get("Properties")).get(name);
        Object global = globals().get(name);
        if (own instanceof Map<?, ?> && global instanceof Map<?, ?>) {
            Map<String, Object> merged = new LinkedHashMap<>(map(global));
            merged.putAll(map(own));
            return merged;
        }
        return own != null ? own : global;
    }

    private static Map<String, Object> environment(String id) {
        Map<String, Object> environment =
                new LinkedHashMap<>(map(map(globals().get("Environment")).get("Variables")));
        environment.putAll(
                map(map(map(resource(id).get("Properties")).get("Environment")).get("Variables")));
        return environment;
    }

    /** Both values of an {@code !If}, recursively; anything else as itself. */
    private static List<Object> branches(Object value) {
        Object condition = map(value).get("Fn::If");
        if (condition instanceof List<?> arguments && arguments.size() == 3) {
            List<Object> result = new ArrayList<>(branches(arguments.get(1)));
            result.addAll(branches(arguments.get(2)));
            return result;
        }
        return List.of(value);
    }

    private static Collection<?> actions(Object action) {
        return action instanceof List<?> l ? l : List.of(action);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    /** template.yaml with each intrinsic kept as CloudFormation's JSON form ({@code {"Fn::If": [...]}}). */
    private static Map<String, Object> load() {
        try (Reader reader = Files.newBufferedReader(REPO.resolve("template.yaml"))) {
            return new Yaml(new IntrinsicsKeepingConstructor()).load(reader);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class IntrinsicsKeepingConstructor extends SafeConstructor {
        IntrinsicsKeepingConstructor() {
            super(new LoaderOptions());
            for (String tag : SamTemplate.INTRINSIC_TAGS) {
                String key = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                this.yamlConstructors.put(new Tag("!" + tag), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode scalar) {
                            value = constructScalar(scalar);
                        } else if (node instanceof SequenceNode sequence) {
                            value = constructSequence(sequence);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(key, value);
                    }
                });
            }
        }
    }
}
