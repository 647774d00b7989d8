# Ingest benchmark (needs the test fixtures): included from tests/ingest/.
add_executable(ingest_bench ${CMAKE_CURRENT_LIST_DIR}/ingest_bench.cpp)
target_link_libraries(ingest_bench PRIVATE dossier::ingest dossier_fixtures PkgConfig::PODOFO
    opencv_imgcodecs)
dossier_target_defaults(ingest_bench)
