# One image per service, built from this repository: docker build --build-arg MODULE=order-service .
# (Not exercised on the development machines, which have no Docker engine; see README.)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
ARG MODULE
RUN ./mvnw -B -ntp -q -DskipTests -pl ${MODULE} -am install

FROM eclipse-temurin:17-jre
ARG MODULE
COPY --from=build /src/${MODULE}/target/*-exec.jar /app/service.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
