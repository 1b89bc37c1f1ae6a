"""Run every benchmark: python -m bench (make bench)."""
from bench import consumer_apply, relay_throughput

if __name__ == "__main__":
    print("== outbox relay ==")
    relay_throughput.main([])
    print("== consumer ==")
    consumer_apply.main([])
