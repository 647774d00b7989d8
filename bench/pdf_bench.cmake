# Case-file build + signing benchmark (needs the pdf test support): included from tests/pdf/.
add_executable(pdf_bench ${CMAKE_CURRENT_LIST_DIR}/pdf_bench.cpp)
target_link_libraries(pdf_bench PRIVATE dossier::pdf dossier_pdf_test_support)
dossier_target_defaults(pdf_bench)
