# syntax=docker/dockerfile:1
# Mentorspor container image.
# The generated templ files and vendored web assets are committed, so the
# build needs neither Node nor the templ generator.

ARG GO_VERSION=1.26

# ---- build ------------------------------------------------------------------
FROM golang:${GO_VERSION} AS build
WORKDIR /src

# Download modules first so this layer is cached across source changes.
COPY go.mod go.sum ./
RUN go mod download

COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/mentorspor ./cmd/mentorspor

# ---- runtime ----------------------------------------------------------------
# A slim Debian with CA certificates; the zone database travels inside the
# binary (time/tzdata). Runs as an unprivileged user.
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home mentorspor
COPY --from=build /out/mentorspor /mentorspor
USER mentorspor
EXPOSE 8080
ENV ADDR=:8080
ENTRYPOINT ["/mentorspor"]
CMD ["serve"]
