# Image fuzzer: TIFF input through DecodeImageFile, over the image library alone (built with clang
# and the sanitizers like every library of a fuzz build). Seeds: any folder of small TIFFs:
#   ./build-fuzz/tests/fuzz/tiff_fuzz -max_total_time=300 -max_len=100000 CORPUS_DIR
dossier_add_fuzzer(tiff_fuzz SOURCES ${CMAKE_CURRENT_LIST_DIR}/TiffFuzz.cpp LIBS dossier::image)
