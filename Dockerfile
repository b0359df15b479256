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
# not root: a flaw in a service reaches no more than the service's own files (the jar, /tmp)
USER 10001:10001
# Memory. A percentage of "the machine" is the host's RAM when the container has no memory limit (75 % of a 24 GiB host
# was ~18 GiB of heap per service), so the heap has an explicit default cap that operators override:
#   JAVA_HEAP_OPTS=-Xmx768m                   a larger fixed heap
#   JAVA_HEAP_OPTS=                           size the heap from the container's memory limit (MaxRAMPercentage=60,
#                                             leaving 40 % for metaspace, threads, code cache and direct buffers)
# An OutOfMemoryError ends the JVM, so the container restarts instead of running on half-dead.
ENV JAVA_HEAP_OPTS="-Xmx384m" \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_HEAP_OPTS -jar /app/service.jar \"$@\"", "java"]
