# Orientation benchmark (needs the test fixtures and Tesseract): included from tests/prepare/.
add_executable(orientation_bench ${CMAKE_CURRENT_LIST_DIR}/orientation_bench.cpp)
target_link_libraries(orientation_bench PRIVATE dossier::prepare dossier_fixtures)
dossier_target_defaults(orientation_bench)
