package io.tally.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class QuerySideApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        io.tally.axon.NoJavaDeserialisation.install();
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
