"""Benchmarks of Backstretch: `make bench`. See BENCHMARKS.md."""
