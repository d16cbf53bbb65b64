package dev.adjoint.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor under the HTTP figures (BENCHMARKS.md, "Issue 16, fourth pass: the HTTP floor"): the
 * same embedded Tomcat as the app (its jar from the app's own dependencies), one trivial servlet
 * that reads the whole POST body and answers fixed bytes (Example 1's answer, taken from the app)
 * with the app's headers (Content-Type, Content-Length, the three Vary lines; Tomcat adds Date). No
 * Spring, no filters, no JSON: what this machine's Tomcat costs a request at least.
 *
 * <pre>
 * unzip -q -o target/adjoint-*.jar -d target/jar
 * java -XX:+UseSerialGC -Xms64m -cp 'target/jar/BOOT-INF/lib/*' src/bench/java/dev/adjoint/web/BareTomcatFloor.java PORT ANSWER_FILE
 * </pre>
 * Runs until killed; scripts/http-floor.sh starts it beside the app and alternates wrk rounds.
 */
public final class BareTomcatFloor {

    private BareTomcatFloor() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] answer = Files.readAllBytes(Path.of(args[1]));

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("bare-tomcat").toString());
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol"); // Boot's default connector
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("connectionTimeout", "10000"); // the app's server.tomcat.connection-timeout
        connector.setProperty("keepAliveTimeout", "20000"); // the app's server.tomcat.keep-alive-timeout
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "answer", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                byte[] buffer = new byte[8192];
                try (InputStream in = request.getInputStream()) {
                    while (in.read(buffer) >= 0) {
                        // read and drop the body, as the app reads it before parsing
                    }
                }
                response.setStatus(200);
                response.addHeader("Vary", "Origin");
                response.addHeader("Vary", "Access-Control-Request-Method");
                response.addHeader("Vary", "Access-Control-Request-Headers");
                response.setContentType("application/json");
                response.setContentLength(answer.length);
                response.getOutputStream().write(answer);
            }
        });
        context.addServletMappingDecoded("/*", "answer");
        tomcat.start();
        System.out.println("bare Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber() + " on 127.0.0.1:" + port);
        tomcat.getServer().await();
    }
}
