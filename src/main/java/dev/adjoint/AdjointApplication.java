package dev.adjoint;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Adjoint: a reverse-mode gradient service. See README.md and the package docs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AdjointApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdjointApplication.class, args);
    }
}
