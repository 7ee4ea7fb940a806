# afterimage daemon image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/afterimage ./cmd/afterimage

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/afterimage /usr/local/bin/afterimage
RUN useradd --system --home /data afterimage && mkdir -p /data && chown afterimage /data
USER afterimage
WORKDIR /data
ENTRYPOINT ["afterimage"]
CMD ["--config", "/etc/afterimage/afterimage.yaml", "run"]
