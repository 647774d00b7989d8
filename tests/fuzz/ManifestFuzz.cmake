# Fuzzes the case.yaml parser: ./build-fuzz/tests/fuzz/manifest_fuzz -max_total_time=60
dossier_add_fuzzer(manifest_fuzz
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/ManifestFuzz.cpp ${PROJECT_SOURCE_DIR}/ingest/CaseManifest.cpp
    LIBS dossier::classify yaml-cpp)
