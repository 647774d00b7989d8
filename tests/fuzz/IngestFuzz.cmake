# Ingest fuzzers: every file format through IngestFile, and PDF input on its own, over the ingest
# library (built with clang and the sanitizers like every library of a fuzz build).
# Seeds: any folder of small images and PDFs, e.g. the ingest test's work folder:
#   ./build-fuzz/tests/fuzz/ingest_fuzz -max_total_time=60 -max_len=200000 CORPUS_DIR
#   ./build-fuzz/tests/fuzz/pdf_fuzz -max_total_time=300 -max_len=100000 -timeout=10 CORPUS_DIR
foreach(pair IN ITEMS ingest_fuzz:IngestFuzz pdf_fuzz:PdfFuzz)
    string(REPLACE ":" ";" pair "${pair}")
    list(GET pair 0 target)
    list(GET pair 1 source)
    dossier_add_fuzzer(${target}
        SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/${source}.cpp
        LIBS dossier::ingest PkgConfig::LEPT PkgConfig::PODOFO)
endforeach()
