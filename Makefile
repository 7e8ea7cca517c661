# `make run` and `make test` each do the whole set-up first (quick when it is already done).
# GPU=cuda make run   builds llama-cpp-python with CUDA on an NVIDIA machine.
.PHONY: setup run test test-fast bench doctor lint clean package test-packaging

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/run_app.sh

test: setup
	.venv/bin/python -m pytest

test-fast: setup
	.venv/bin/python -m pytest -m "not integration"

# The frozen app (PyInstaller, one folder) and its Linux archive: dist/CareQA/, dist/*.tar.gz.
package: setup
	.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[packaging]"
	.venv/bin/python packaging/build.py

# Builds the bundle (small model only) and runs its self-test and GUI smoke test from a clean
# environment (env -i, temporary HOME, network namespace without a network).
test-packaging: setup
	.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[packaging]"
	.venv/bin/python -m pytest -m packaging tests/packaging

bench: setup
	.venv/bin/python bench/ask.py

doctor: setup
	.venv/bin/careqa doctor

# ruff, the import-linter layer contracts (pyproject.toml) and mypy. CI runs it first.
lint: setup
	.venv/bin/ruff check engine knowledge desktop tests bench scripts
	.venv/bin/lint-imports
	.venv/bin/mypy

clean:
	rm -rf .venv .pytest_cache .ruff_cache
