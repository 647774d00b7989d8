# Ingest fuzzer. It compiles the ingest sources itself, so that it builds (with clang and the
# sanitizers) without the rest of the pipeline library.
# Seeds: any folder of small images and PDFs, e.g. the ingest test's work folder:
#   ./build-fuzz/tests/fuzz/ingest_fuzz -max_total_time=60 -max_len=200000 CORPUS_DIR
pkg_check_modules(FUZZ_HEIF IMPORTED_TARGET libheif)
dossier_add_fuzzer(ingest_fuzz
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/IngestFuzz.cpp
            ${PROJECT_SOURCE_DIR}/pipeline/Ingest.cpp
            ${PROJECT_SOURCE_DIR}/pipeline/ImageDecode.cpp
            ${PROJECT_SOURCE_DIR}/pipeline/PdfPages.cpp
    LIBS dossier::core opencv_core opencv_imgproc PkgConfig::LEPT PNG::PNG PkgConfig::WEBP
         PkgConfig::PODOFO PkgConfig::POPPLERCPP PkgConfig::LIBEXIF
         $<$<BOOL:${FUZZ_HEIF_FOUND}>:PkgConfig::FUZZ_HEIF>)
if(FUZZ_HEIF_FOUND)
    target_compile_definitions(ingest_fuzz PRIVATE DOSSIER_HAVE_LIBHEIF=1)
endif()
