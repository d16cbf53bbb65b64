package dev.adjoint.web.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long a request body may take to arrive ({@code adjoint.body.*}). Tomcat reads bodies with
 * blocking reads on its worker threads, and its own read timeout
 * ({@code server.tomcat.connection-timeout}) bounds each read, not the body: a client sending a
 * byte every few seconds would hold a thread for as long as it likes. Past this time the request
 * is answered 408 and its connection closed.
 *
 * @param readTimeout the whole body, from the first read to the last
 * @param nonBlocking read bodies with non-blocking I/O ({@link BodyReadingFilter}), so a slow body
 *                    holds no thread; false reads them with blocking reads on the worker thread
 */
@ConfigurationProperties("adjoint.body")
public record BodyProperties(@DefaultValue("20s") Duration readTimeout, @DefaultValue("true") boolean nonBlocking) {
}
