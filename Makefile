# MatCorpus: the two commands a new user runs are `make demo` and `make test`.
SWIFT ?= swift
RELEASE_BIN = $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)/matcorpus

.PHONY: demo test build bootstrap samples bench-io bench-xml bench-cif bench-chem bench-dedup bench-tokenizers bench-inference bench-qa clean

bootstrap:
	@bash scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build -c release --product matcorpus

samples:
	@bash scripts/fetch-samples.sh >/dev/null

## The README's first command: build, fetch real sample data, run pipelines/demo.toml into out/demo, print the stats.
demo: build samples
	@status=0; $(RELEASE_BIN) run pipelines/demo.toml --output out/demo --restart || status=$$?; \
	 $(RELEASE_BIN) stats out/demo; \
	 if [ $$status -ne 0 ] && [ $$status -ne 3 ]; then exit $$status; fi

## The README's second command: every unit and end-to-end test.
test: bootstrap
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench-io: bootstrap
	bash bench/io/run.sh

bench-xml: bootstrap
	bash bench/xml/run.sh

bench-cif: bootstrap
	bash bench/cif/run.sh

bench-chem: bootstrap
	bash bench/chem/run.sh

bench-dedup: bootstrap
	bash bench/dedup/run.sh

bench-tokenizers: bootstrap
	bash bench/tokenizers/run.sh

bench-inference: bootstrap samples
	bash bench/inference/run.sh

bench-qa: bootstrap samples
	bash bench/qa/run.sh

clean:
	rm -rf out .build
