# Convene for docker-compose.yml: build the release binary, ship it on a slim Debian.
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libssl-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/convene

FROM debian:bookworm-slim
# libssl3: the static libpq links OpenSSL dynamically (TLS to a managed PostgreSQL).
# postgresql-client: pg_dump and pg_restore for `convene backup` and `convene restore` (15,
# as the PostgreSQL in docker-compose.yml: pg_dump refuses a newer server).
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 ca-certificates postgresql-client && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/convene --create-home convene
COPY --from=build /src/target/release/convene /usr/local/bin/convene
USER convene
WORKDIR /var/lib/convene
EXPOSE 8080
ENTRYPOINT ["convene"]
CMD ["serve"]
