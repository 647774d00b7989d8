# MRZ benchmark (needs the test fixtures): include(bench/mrz_bench.cmake) after tests/.
add_executable(mrz_bench ${CMAKE_CURRENT_LIST_DIR}/mrz_bench.cpp)
target_link_libraries(mrz_bench PRIVATE dossier::ocr dossier_fixtures)
dossier_target_defaults(mrz_bench)
