package io.extauth.audit;

import io.extauth.audit.read.TopicReader;
import io.extauth.audit.synthetic.SyntheticSeeder;
import java.io.PrintWriter;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * By hand, not a test: a KRaft broker with the audited topics (3 partitions each), seeded with {@code <events>}
 * (default 1,000,000) clean synthetic events; prints {@code READY <bootstrap>} and runs until stdin closes, so the
 * packaged audit can be timed against it in its own JVM (see the module's README):
 * <pre>
 * ./mvnw -o -q -pl tools/audit dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat target/test.classpath) io.extauth.audit.MeasurementBroker 1000000
 * java -Xmx1g -jar target/audit-0.1.0-SNAPSHOT-exec.jar --bootstrap-servers &lt;bootstrap&gt;
 * </pre>
 */
public final class MeasurementBroker {

    private MeasurementBroker() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3,
                TopicReader.auditedTopics().toArray(String[]::new));
        broker.afterPropertiesSet();
        try {
            PrintWriter err = new PrintWriter(System.err, true);
            new SyntheticSeeder(broker.getBrokersAsString()).seed(events, err);
            System.out.println("READY " + broker.getBrokersAsString() + " (close stdin to stop)");
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until stdin closes
            }
        } finally {
            broker.destroy();
        }
    }
}
