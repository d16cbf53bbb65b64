import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slow-body clients against a running server on 127.0.0.1 (scripts/slow-bodies.sh starts one):
 * CONNECTIONS clients each announce a 1000-byte body and send one byte of it every 4 s, opening a
 * new connection whenever the server closes theirs; meanwhile Example 1 is sent every 100 ms.
 * Prints what the slow clients got back and the latency of Example 1. Bounded: SECONDS, then
 * every socket is closed.
 *
 *   java scripts/SlowBodies.java PORT [CONNECTIONS=210] [SECONDS=60]
 */
public class SlowBodies {

    static final String EXAMPLE_1 = "{\"expression\":\"exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)\",\"bindings\":{\"x\":2,\"z\":3}}";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 210;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Map<String, AtomicInteger> slowAnswers = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Double> slowHeld = new ConcurrentLinkedQueue<>();
        List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        List<Thread> slow = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long started = System.nanoTime();
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        open.add(s);
                        s.setSoTimeout(4000);
                        OutputStream out = s.getOutputStream();
                        InputStream in = s.getInputStream();
                        out.write(("POST /api/v1/expressions/gradient HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        String status = null;
                        while (status == null && System.nanoTime() < end) {
                            out.write(' ');
                            out.flush();
                            try {
                                byte[] head = new byte[12];
                                int n = in.read(head); // waits up to 4 s: the pause between two bytes
                                status = n <= 0 ? "closed" : new String(head, 0, n, StandardCharsets.US_ASCII).replace("HTTP/1.1 ", "").trim();
                            } catch (java.net.SocketTimeoutException quiet) {
                                // no answer yet: send the next byte
                            }
                        }
                        if (status != null) {
                            slowAnswers.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                            slowHeld.add((System.nanoTime() - started) / 1e9);
                        }
                        open.remove(s);
                    } catch (Exception e) {
                        slowAnswers.computeIfAbsent("error: " + e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                        sleepQuietly(1000);
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            slow.add(t);
        }
        sleepQuietly(2000); // let the slow clients take their threads first
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Double> latencies = new ArrayList<>();
        Map<String, Integer> exampleAnswers = new TreeMap<>();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            String outcome;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/expressions/gradient"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(EXAMPLE_1)).build(), HttpResponse.BodyHandlers.ofString());
                outcome = Integer.toString(r.statusCode());
            } catch (Exception e) {
                outcome = "error: " + e.getClass().getSimpleName();
            }
            double latency = (System.nanoTime() - t0) / 1e6;
            latencies.add(latency);
            exampleAnswers.merge(outcome, 1, Integer::sum);
            sleepQuietly(Math.max(0, 100 - (long) latency));
        }
        synchronized (open) {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            }
        }
        for (Thread t : slow) {
            t.join(6000);
        }
        Collections.sort(latencies);
        List<Double> held = new ArrayList<>(slowHeld);
        Collections.sort(held);
        System.out.printf("slow clients: %d connections, 1 byte every 4 s, %d s%n", connections, seconds);
        System.out.println("  answers to slow clients: " + new TreeMap<>(slowAnswers));
        if (!held.isEmpty()) {
            System.out.printf("  seconds a slow client held its request before the answer: median %.1f, max %.1f%n",
                    held.get(held.size() / 2), held.get(held.size() - 1));
        }
        System.out.println("Example 1 every 100 ms: " + exampleAnswers);
        System.out.printf("  latency ms: p50 %.1f, p99 %.1f, max %.1f (%d requests)%n", pct(latencies, 0.50), pct(latencies, 0.99),
                latencies.get(latencies.size() - 1), latencies.size());
    }

    static double pct(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
