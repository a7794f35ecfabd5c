# Builds one Tally service image: docker build -f docker/service.Dockerfile --build-arg SERVICE=command-side .
FROM maven:3.9-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /src
COPY . .
# the dev module's Elasticsearch unpack is for local runs and tests only
RUN mvn -B -q -Dmaven.test.skip=true -Dmdep.skip=true package -pl "${SERVICE}" -am \
 && cp "${SERVICE}"/target/"${SERVICE}"-*-exec.jar /app.jar

FROM eclipse-temurin:17-jre
COPY --from=build /app.jar /opt/tally/app.jar
USER 10001
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/tally/app.jar"]
