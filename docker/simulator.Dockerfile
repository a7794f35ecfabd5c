# The card-processor simulator (test mode only; docs/payments.md), for docker-compose's sandbox profile:
# docker build -f docker/simulator.Dockerfile .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -Dmaven.test.skip=true package -pl gateway-simulator -am \
 && mkdir /app && cp gateway-simulator/target/gateway-simulator-*.jar /app/simulator.jar \
 && cp -r gateway-simulator/target/lib /app/lib

FROM eclipse-temurin:17-jre
COPY --from=build /app /opt/simulator
USER 10001
ENV TALLY_GATEWAY_PORT=8090 TALLY_GATEWAY_BIND=0.0.0.0 TALLY_GATEWAY_JOURNAL=/tmp/journal.ndjson
ENTRYPOINT ["java", "-Xmx64m", "-cp", "/opt/simulator/simulator.jar:/opt/simulator/lib/*", "io.tally.simulator.GatewaySimulator"]
