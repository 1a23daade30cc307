# Multi-stage build: compile with the full toolchain, run from a slim image as a non-root user.
# The knowledge base is compiled into the binary; mount a directory and set KNOWLEDGE_DIR to
# serve your own instead.
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY crates ./crates
COPY src ./src
COPY knowledge ./knowledge
COPY benches ./benches
RUN cargo build --release --locked --bin career-bot

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home career-bot \
 && mkdir /data && chown career-bot /data
COPY --from=build /src/target/release/career-bot /usr/local/bin/career-bot
USER career-bot
ENV RUST_LOG=info
# Missed questions and votes go to /data/career-bot.sqlite3: mount a volume there to keep them
# (or set DATABASE_URL=postgres://... for replicas). A database that cannot be opened disables
# recording, not the bot; /readyz says so under "recording".
ENV DATA_DIR=/data
VOLUME /data
# serve answers /healthz on METRICS_ADDR (port 9090 here), serve-http on LISTEN_ADDR (8080).
# The check asks the METRICS_ADDR port (or HEALTH_PORT, when set), then the LISTEN_ADDR port,
# so the same image is checked correctly in either mode without further settings.
ENV METRICS_ADDR=0.0.0.0:9090 LISTEN_ADDR=0.0.0.0:8080
EXPOSE 8080 9090
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${HEALTH_PORT:-${METRICS_ADDR##*:}}/healthz" \
   || curl -fsS "http://127.0.0.1:${LISTEN_ADDR##*:}/healthz" || exit 1
ENTRYPOINT ["career-bot"]
CMD ["serve"]
