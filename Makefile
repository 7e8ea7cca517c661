# `make run` and `make test` each do the whole set-up first (quick when it is already done).
# GPU=cuda make run   builds llama-cpp-python with CUDA on an NVIDIA machine.
.PHONY: setup run test test-fast bench doctor lint clean

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/run_app.sh

test: setup
	.venv/bin/python -m pytest

test-fast: setup
	.venv/bin/python -m pytest -m "not integration"

bench: setup
	.venv/bin/python bench/ask.py

doctor: setup
	.venv/bin/careqa doctor

lint:
	.venv/bin/ruff check engine knowledge desktop tests bench

clean:
	rm -rf .venv .pytest_cache .ruff_cache
