# Ingest fuzzers: every file format through IngestFile, and PDF and TIFF input on their own. They
# compile the ingest sources themselves, so that they build (with clang and the sanitizers)
# without the rest of the pipeline library.
# Seeds: any folder of small images and PDFs, e.g. the ingest test's work folder:
#   ./build-fuzz/tests/fuzz/ingest_fuzz -max_total_time=60 -max_len=200000 CORPUS_DIR
#   ./build-fuzz/tests/fuzz/pdf_fuzz -max_total_time=300 -max_len=100000 -timeout=10 CORPUS_DIR
#   ./build-fuzz/tests/fuzz/tiff_fuzz -max_total_time=300 -max_len=100000 CORPUS_DIR
pkg_check_modules(FUZZ_HEIF IMPORTED_TARGET libheif)
foreach(pair IN ITEMS ingest_fuzz:IngestFuzz pdf_fuzz:PdfFuzz tiff_fuzz:TiffFuzz)
    string(REPLACE ":" ";" pair "${pair}")
    list(GET pair 0 target)
    list(GET pair 1 source)
    dossier_add_fuzzer(${target}
        SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/${source}.cpp
                ${PROJECT_SOURCE_DIR}/ingest/Ingest.cpp
                ${PROJECT_SOURCE_DIR}/ingest/ImageDecode.cpp
                ${PROJECT_SOURCE_DIR}/ingest/PdfPages.cpp
        LIBS dossier::core opencv_core opencv_imgproc PkgConfig::LEPT PNG::PNG PkgConfig::WEBP
             PkgConfig::PODOFO PkgConfig::POPPLERCPP PkgConfig::LIBEXIF
             $<$<BOOL:${FUZZ_HEIF_FOUND}>:PkgConfig::FUZZ_HEIF>)
    if(FUZZ_HEIF_FOUND)
        target_compile_definitions(${target} PRIVATE DOSSIER_HAVE_LIBHEIF=1)
    endif()
endforeach()
