# Ingest benchmark (needs the test fixtures): included from tests/pipeline/.
add_executable(ingest_bench ${CMAKE_CURRENT_LIST_DIR}/ingest_bench.cpp)
target_link_libraries(ingest_bench PRIVATE dossier::pipeline dossier_fixtures PkgConfig::PODOFO
    opencv_imgcodecs)
dossier_target_defaults(ingest_bench)
