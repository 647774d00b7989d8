# MRZ gate benchmark (needs the test fixtures and Tesseract): included from tests/pipeline/.
add_executable(mrz_gate_bench ${CMAKE_CURRENT_LIST_DIR}/mrz_gate_bench.cpp)
target_link_libraries(mrz_gate_bench PRIVATE dossier::pipeline dossier_fixtures)
dossier_target_defaults(mrz_gate_bench)
