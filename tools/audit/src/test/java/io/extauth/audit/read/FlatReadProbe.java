package io.extauth.audit.read;

import com.sun.management.ThreadMXBean;
import io.extauth.audit.synthetic.SyntheticHistory;
import io.extauth.contract.ContractJson;
import io.extauth.contract.ExtauthEvent;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.ObjectMapper;

/**
 * By hand, not a test: the data of the 1,000,000-event synthetic history (binary mode, as the seeder writes it) read
 * by the audit's flat reader in one thread, {@code rounds} times, each round with fresh shared strings as an audit
 * starts; prints the thread's CPU and allocation per million events each round. The same source compiles against
 * earlier builds (issue 14, eleventh pass: before and after were compared by running it alternately on each):
 * <pre>
 * java -Xms1g -Xmx1g -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -cp target/test-classes:&lt;the audit's classpath&gt; io.extauth.audit.read.FlatReadProbe 6
 * </pre>
 */
public final class FlatReadProbe {

    private FlatReadProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        ObjectMapper json = ContractJson.mapper();
        List<byte[]> values = new ArrayList<>();
        List<Class<? extends ExtauthEvent>> types = new ArrayList<>();
        Instant epoch = Instant.parse("2026-11-01T00:00:00Z");
        for (long user = 0; values.size() < 1_000_000; user++) {
            for (SyntheticHistory.Timed timed : SyntheticHistory.of(user, epoch)) {
                values.add(json.writeValueAsBytes(timed.event()));
                types.add(timed.event().getClass());
            }
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Object[] kept = new Object[values.size()];
        double perMillion = 1_000_000.0 / values.size();
        for (int round = 0; round < rounds; round++) {
            StreamingData reader = new StreamingData(json, new SharedStrings());
            System.gc();
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < kept.length; i++) {
                byte[] value = values.get(i);
                kept[i] = reader.readFlat(value, 0, value.length, types.get(i));
                if (kept[i] == null) {
                    throw new IllegalStateException("not read by the flat reader: " + new String(value));
                }
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
            System.out.printf("round %d %6.0f ms CPU, %5.0f MB allocated per million%n", round, cpu / 1e6 * perMillion,
                    allocated / 1e6 * perMillion);
        }
    }
}
