# MRZ parser fuzzer: ./build-fuzz/tests/fuzz/mrz_parser_fuzz -max_total_time=60
dossier_add_fuzzer(mrz_parser_fuzz SOURCES ${CMAKE_CURRENT_LIST_DIR}/MrzParserFuzz.cpp LIBS dossier::ocr)
