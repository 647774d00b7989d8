# Entry points for people and CI. `make demo` and `make test` work on a fresh Debian 12 machine.
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
TSAN_DIR ?= build-tsan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
# CI=true turns warnings into errors.
ifeq ($(CI),true)
  CMAKE_FLAGS += -DDOSSIER_WERROR=ON
endif

.PHONY: setup build demo test test-fast test-asan test-tsan format format-check bench bench-devset clean

setup:
	scripts/setup.sh all

build: setup
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Generates the sample packages, processes them, says where the case files are.
demo: build
	scripts/demo.sh $(BUILD_DIR)

# The whole suite: formatting, every test, then the unit tests again under ASan/UBSan.
test: build format-check
	cd $(BUILD_DIR) && OMP_THREAD_LIMIT=1 ctest --output-on-failure -j $(JOBS) --timeout 600
	$(MAKE) test-asan

test-fast: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

test-asan: setup
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDOSSIER_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		OMP_THREAD_LIMIT=1 ctest --output-on-failure -j $(JOBS) -L unit --timeout 600

# The unit tests under ThreadSanitizer: pages, cases and the run's pools in parallel. Only races in
# the system libraries are suppressed (tests/tsan.supp says which and why). die_after_fork=0: the
# watch tests fork the watch loop into a child (as a service manager would start it) from a test
# process that already has threads.
test-tsan: setup
	cmake -S . -B $(TSAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDOSSIER_TSAN=ON $(CMAKE_FLAGS)
	cmake --build $(TSAN_DIR) -j $(JOBS)
	cd $(TSAN_DIR) && TSAN_OPTIONS="suppressions=$(CURDIR)/tests/tsan.supp halt_on_error=1 second_deadlock_stack=1 die_after_fork=0" \
		OMP_THREAD_LIMIT=1 ctest --output-on-failure -j $(JOBS) -L unit --timeout 900

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror \
		|| (echo "clang-format: run 'make format'" >&2; exit 1)

bench: build
	bench/run_all.sh $(BUILD_DIR)

# Labelled packages (a folder of case folders, each with its .truth.json): make bench-devset DEVSET=DIR
bench-devset: build
	bench/devset_bench $(DEVSET) --build $(BUILD_DIR) --out $(BUILD_DIR)/devset-out --cases

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(TSAN_DIR)
