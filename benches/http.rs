//! Throughput and latency of the HTTP interactions endpoint over loopback.

fn main() {}
