# Multi-stage build: compile with the full toolchain, run from a slim image as a non-root user.
# The knowledge base is compiled into the binary; mount a directory and set KNOWLEDGE_DIR to
# serve your own instead.
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY knowledge ./knowledge
COPY benches ./benches
RUN cargo build --release --locked --bin career-bot

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home career-bot
COPY --from=build /src/target/release/career-bot /usr/local/bin/career-bot
USER career-bot
ENV RUST_LOG=info
# serve-http answers /healthz on LISTEN_ADDR; serve does when METRICS_ADDR is set.
ENV METRICS_ADDR=0.0.0.0:9090
EXPOSE 8080 9090
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${HEALTH_PORT:-9090}/healthz" || exit 1
ENTRYPOINT ["career-bot"]
CMD ["serve"]
